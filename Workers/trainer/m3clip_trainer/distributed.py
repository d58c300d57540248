"""The global batch across ranks (as open_clip's gather_features): every rank all-gathers the
embeddings and the label vectors, so the similarity matrix and the soft targets cover the whole
global batch. The gathered copies carry no gradient; the rank's own slice is put back with its
graph, so each rank's backward reaches exactly its own samples. With the loss multiplied by the
world size, DDP's gradient averaging then yields the gradient of the global-batch loss."""
import os
from dataclasses import dataclass

import torch
import torch.distributed as dist


def is_distributed():
    return dist.is_available() and dist.is_initialized()


def world_size():
    return dist.get_world_size() if is_distributed() else 1


def rank():
    return dist.get_rank() if is_distributed() else 0


def gather(tensor, with_grad=True):
    """Concatenates `tensor` (same shape on every rank) across ranks in rank order."""
    if not is_distributed():
        return tensor
    parts = [torch.empty_like(tensor) for _ in range(dist.get_world_size())]
    dist.all_gather(parts, tensor.detach().contiguous())
    if with_grad:
        parts[dist.get_rank()] = tensor
    return torch.cat(parts, dim=0)


def agree_max(values, device):
    """The element-wise maximum of a list of floats over every rank (stop flags, elapsed time)."""
    t = torch.tensor(values, dtype=torch.float64, device=device)
    if is_distributed():
        dist.all_reduce(t, op=dist.ReduceOp.MAX)
    return t.tolist()


def broadcast_int(value, device):
    t = torch.tensor([value], dtype=torch.long, device=device)
    if is_distributed():
        dist.broadcast(t, src=0)
    return int(t.item())


@dataclass
class Placement:
    """Where this process trains: its device, rank and the world it belongs to."""
    device: torch.device
    use_cuda: bool
    local_rank: int
    distributed: bool
    rank: int
    world: int


def start(args):
    """The process's device (`--device`; CUDA when present unless `cpu`), the process group under
    torchrun (NCCL on GPU, gloo on CPU) and `--threads`: what both training modes begin with."""
    if args.device == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("--device cuda but torch sees no CUDA device")
    distributed = int(os.environ.get("WORLD_SIZE", "1")) > 1
    use_cuda = torch.cuda.is_available() and args.device != "cpu"
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    if use_cuda:
        torch.cuda.set_device(local_rank)
    device = torch.device("cuda", local_rank) if use_cuda else torch.device("cpu")
    if distributed:
        dist.init_process_group(backend="nccl" if use_cuda else "gloo")
    if args.threads:
        torch.set_num_threads(args.threads)
    return Placement(device, use_cuda, local_rank, distributed, rank(), world_size())


def finish(placement):
    """Waits for every rank and leaves the process group."""
    if placement.distributed:
        dist.barrier()
        dist.destroy_process_group()
