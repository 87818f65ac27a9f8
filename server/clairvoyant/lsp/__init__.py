"""The language server: a thin pygls layer over the engines, one module per editor feature."""
