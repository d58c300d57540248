"""The global batch across ranks (as open_clip's gather_features): every rank all-gathers the
embeddings and the label vectors, so the similarity matrix and the soft targets cover the whole
global batch. The gathered copies carry no gradient; the rank's own slice is put back with its
graph, so each rank's backward reaches exactly its own samples. With the loss multiplied by the
world size, DDP's gradient averaging then yields the gradient of the global-batch loss."""
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
