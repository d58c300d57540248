"""The tokenizers a checkpoint can carry (Sources/Models/Tokenizers): m3clip's byte tokenizer and a
Hugging Face tokenizer.json (XLM-R's), both truncating as the Swift side does (<s> content </s>)."""
import os
import unicodedata

import torch

BOS, PAD, EOS, UNK, MASK = 0, 1, 2, 3, 260


class ByteTokenizer:
    """NFC, then <s>=0 <pad>=1 </s>=2 <unk>=3, byte b -> b + 4, <mask>=260 (ByteTokenizer.swift)."""
    pad_id = PAD
    vocabulary_size = 261

    def encode(self, text, max_length):
        content = [b + 4 for b in unicodedata.normalize("NFC", text).encode("utf-8")]
        return [BOS] + content[: max(0, max_length - 2)] + [EOS]


class HuggingFaceTokenizer:
    """A tokenizer.json through the `tokenizers` library; content truncated so that <s> … </s> fits."""

    def __init__(self, path):
        from tokenizers import Tokenizer
        self.tokenizer = Tokenizer.from_file(path)
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.pad_id = self.tokenizer.token_to_id("<pad>")
        self.bos_id = self.tokenizer.token_to_id("<s>")
        self.eos_id = self.tokenizer.token_to_id("</s>")
        self.vocabulary_size = self.tokenizer.get_vocab_size()

    def encode(self, text, max_length):
        ids = self.tokenizer.encode(text, add_special_tokens=False).ids
        return [self.bos_id] + ids[: max(0, max_length - 2)] + [self.eos_id]


def load(kind, folder):
    """`kind` is the config's `tokenizer` ("bytes" or "tokenizer.json"); `folder` holds the file."""
    if kind == "bytes":
        return ByteTokenizer()
    path = os.path.join(folder, "tokenizer.json")
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: the configuration names tokenizer.json and the folder has none")
    return HuggingFaceTokenizer(path)


def batch(tokenizer, texts, max_length):
    """(input_ids [b, L], attention_mask [b, L]) padded to the longest text (TokenBatch.swift)."""
    encoded = [tokenizer.encode(t, max_length) for t in texts]
    length = max(len(e) for e in encoded)
    ids = torch.full((len(encoded), length), tokenizer.pad_id, dtype=torch.long)
    mask = torch.zeros((len(encoded), length), dtype=torch.long)
    for row, e in enumerate(encoded):
        ids[row, : len(e)] = torch.tensor(e, dtype=torch.long)
        mask[row, : len(e)] = 1
    return ids, mask
