"""The contrastive objectives, as pure functions of tensors (mirrors Sources/Training/Loss/ContrastiveLoss.swift).

semantic_matching_loss: MedCLIP's loss as 3M-CLIP uses it. With S = cos(Lv, Lt) (row-normalised label
vectors), soft targets T = softmax_row(S / tau) and T' = softmax_row(S^T / tau), logits Z = scale v t^T:
loss = 1/2 (CE(T, Z) + CE(T', Z^T)), each the mean over rows of -sum T log softmax(Z).
"""
import torch
import torch.nn.functional as F

LABEL_DIMENSION = 28


def soft_targets(image_labels, text_labels, temperature=1.0):
    """(image->text targets [n, m], text->image targets [m, n]); constants."""
    lv = F.normalize(image_labels.detach().float(), dim=1, eps=1e-12)
    lt = F.normalize(text_labels.detach().float(), dim=1, eps=1e-12)
    return torch.softmax(lv @ lt.T / temperature, dim=1), torch.softmax(lt @ lv.T / temperature, dim=1)


def soft_cross_entropy(logits, targets):
    return -(targets * torch.log_softmax(logits, dim=1)).sum(dim=1).mean()


def semantic_matching_loss(image, text, scale, image_labels, text_labels, label_temperature=1.0):
    """image [n, d], text [m, d]: L2-normalised embeddings; scale: the applied logit scale ([1])."""
    to_text, to_image = soft_targets(image_labels, text_labels, label_temperature)
    per_image = scale * image @ text.T
    per_text = scale * text @ image.T
    return 0.5 * (soft_cross_entropy(per_image, to_text) + soft_cross_entropy(per_text, to_image))


def info_nce_loss(image, text, scale):
    """CLIP's InfoNCE: image i and text i are the positive pair."""
    n = image.shape[0]
    assert image.shape == text.shape, f"InfoNCE needs pairs, got {tuple(image.shape)} and {tuple(text.shape)}"
    identity = torch.eye(n, device=image.device, dtype=image.dtype)
    return 0.5 * (soft_cross_entropy(scale * image @ text.T, identity) + soft_cross_entropy(scale * text @ image.T, identity))


def label_matrices(image_labels, image_awaiting, image_study, text_labels, text_awaiting, text_study):
    """The batch's label matrices with one study channel per study whose items await labels
    (Sources/Training/Data/TrainingLabels.swift): such an item has no CheXpert channels, only its
    study's channel, so it matches the other items of its own study and nothing else.

    labels: [n, 28] float; awaiting: [n] bool; study: [n] int64 (the snapshot's study index)."""
    studies = torch.cat([image_study[image_awaiting], text_study[text_awaiting]]).unique()
    k = studies.numel()

    def build(labels, awaiting, study):
        base = labels.float().masked_fill(awaiting.unsqueeze(1), 0)
        if k == 0:
            return base
        extra = torch.zeros(labels.shape[0], k, dtype=base.dtype, device=base.device)
        rows = awaiting.nonzero(as_tuple=True)[0]
        extra[rows, torch.searchsorted(studies, study[rows])] = 1
        return torch.cat([base, extra], dim=1)

    return (build(image_labels, image_awaiting, image_study), build(text_labels, text_awaiting, text_study))
