"""Email out of the app: the SMTP transport that hands a composed message to the organisation's server."""
