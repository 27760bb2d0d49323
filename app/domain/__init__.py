"""The business rules: pure Python and py-moneyed, no I/O, no frameworks."""
