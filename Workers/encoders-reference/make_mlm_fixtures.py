"""Reference for the Swift MLM head (issue 18): `XLMRobertaForMaskedLM` on the tiny text config of
`make_fixtures.py`, random weights, a padded batch with masked positions. Writes
Tests/ModelsTests/Fixtures/mlm_tiny.safetensors: the weights under HF names (the decoder tied to
the word embeddings, stored once), the inputs, the logits at the labelled positions, the loss and
the gradient of every parameter.

    .venv/bin/python Workers/encoders-reference/make_mlm_fixtures.py
"""
import os
import sys

import torch
from safetensors.torch import save_file
from transformers import XLMRobertaForMaskedLM

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import randomize, text_config  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "ModelsTests", "Fixtures")
MASK = 700  # any id: the model only sees numbers


def main():
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(4321)
    model = XLMRobertaForMaskedLM(text_config()).eval()
    randomize(model, gen)
    assert model.lm_head.decoder.weight.data_ptr() == model.roberta.embeddings.word_embeddings.weight.data_ptr(), "decoder not tied"

    # Two texts, the second padded; masked positions on both, one of them replaced by a random
    # token and one kept (BERT's 80/10/10), as MLM batches hold all three.
    original = torch.tensor([[0, 45, 310, 77, 512, 9, 128, 66, 2, 1],
                             [0, 203, 88, 640, 31, 2, 1, 1, 1, 1]])
    ids = original.clone()
    labels = torch.full_like(ids, -100)
    for row, col, replacement in [(0, 2, MASK), (0, 5, 401), (0, 7, None), (1, 1, MASK), (1, 3, MASK)]:
        labels[row, col] = original[row, col]
        if replacement is not None:
            ids[row, col] = replacement
    mask = (ids != 1).long()

    out = model(input_ids=ids, attention_mask=mask, labels=labels)
    out.loss.backward()
    picked = out.logits[labels != -100]

    # The tied decoder weight is the word-embedding table: named once, by the encoder's name (the
    # one every XLM-R checkpoint holds), whichever name named_parameters() lists it under.
    def canonical(name):
        return "roberta.embeddings.word_embeddings.weight" if name == "lm_head.decoder.weight" else name

    tensors = {canonical(name): p.detach() for name, p in model.named_parameters()}
    tensors.update({"grad." + canonical(name): p.grad for name, p in model.named_parameters()})
    assert len(tensors) == 2 * 58 and "roberta.embeddings.word_embeddings.weight" in tensors
    tensors.update({"input.ids": ids.float(), "input.labels": labels.float(),
                    "expected.logits": picked.detach(), "expected.loss": out.loss.detach().reshape(1)})
    os.makedirs(OUT, exist_ok=True)
    save_file({k: v.contiguous().float() for k, v in tensors.items()}, os.path.join(OUT, "mlm_tiny.safetensors"))
    print("loss", out.loss.item(), "parameters", sum(1 for _ in model.named_parameters()),
          "names", [n for n, _ in model.named_parameters() if n.startswith("lm_head")])


if __name__ == "__main__":
    main()
