"""`make screenshots`: the app on demo data under Xvfb, photographed for the README."""
