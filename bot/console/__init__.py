"""The staff console: a web application at /staff/ on a port of its own, over the content modules the CLI uses."""
