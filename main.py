from app.bootstrap import run

run()
