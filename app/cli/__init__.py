"""The `timeledger` command line: thin over the services."""
