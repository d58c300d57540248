"""m3clip's PyTorch trainer: the 3M-CLIP model and semantic-matching loss of the Swift trainer, under
torchrun (DDP; NCCL on GPU, gloo on CPU), reading a training snapshot exported by
`m3clip train export` and writing an m3clip checkpoint folder that the Swift side loads."""
