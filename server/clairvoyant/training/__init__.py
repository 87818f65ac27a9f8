"""Generic torch training code ([train] extra only): GPT model, resumable loop, tokenizer trainer, ONNX export."""
