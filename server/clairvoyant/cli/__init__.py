"""Command-line front end: one module per subcommand, all calling the same engines as the language server."""
