"""Output prediction: tracer and trace formats, training-data generation, the predictor used by hover/inlay hints."""
