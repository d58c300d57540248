"""Medical text pre-training in PyTorch (mirrors Sources/Training/TextPretraining): masked language
modelling on single sentences and translation language modelling on `<s> sentence </s></s>
translation </s>`, batches alternating between them, each batch's language drawn with XLM's exponent,
BERT masking (fairseq's count rounding, 80/10/10, whole words optional); HF `XLMRobertaForMaskedLM`
(dropout off, as the Swift encoder), AdamW with warm-up + cosine over the run's fraction, global-norm
clip; DDP across processes. Reads a text snapshot from `m3clip pretrain-text export` and writes the
same HF MLM folder as `m3clip pretrain-text` (what `m3clip train --text-from` reads)."""
import json
import math
import os
import random
import shutil
import time

import torch
import torch.distributed as dist

from . import distributed as D
from . import tokenizer as tokenizers
from .schedule import warmup_cosine

FORMAT = "m3clip-text-snapshot"
IGNORED = -100


class TextSnapshot:
    """snapshot.json (format, settings: TextPretrainingSettings as JSON, tokenizer), sentences.jsonl
    ({"study", "language", "text"}) and pairs.jsonl ({"study", "source_language", "source", "language",
    "translation"}): the store's text outside the evaluation split."""

    def __init__(self, folder):
        with open(os.path.join(folder, "snapshot.json")) as f:
            self.meta = json.load(f)
        if self.meta.get("format") != FORMAT:
            raise ValueError(f"{folder}/snapshot.json: format {self.meta.get('format')!r} is not {FORMAT}")
        self.sentences, self.pairs = [], []
        with open(os.path.join(folder, "sentences.jsonl")) as f:
            self.sentences = [json.loads(line) for line in f if line.strip()]
        with open(os.path.join(folder, "pairs.jsonl")) as f:
            self.pairs = [json.loads(line) for line in f if line.strip()]

    @property
    def settings(self):
        return self.meta.get("settings", {})


class Tokens:
    """The tokenizer facts masking needs: <mask>, the specials, the vocabulary, word starts."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        if isinstance(tokenizer, tokenizers.ByteTokenizer):
            self.mask_id, self.specials, self.size = tokenizers.MASK, {0, 1, 2, 3, tokenizers.MASK}, tokenizers.ByteTokenizer.vocabulary_size
            self.word_start = {ord(" ") + 4}
        else:
            t = tokenizer.tokenizer
            self.mask_id = t.token_to_id("<mask>")
            if self.mask_id is None:
                raise ValueError("the tokenizer has no <mask> token")
            self.size = t.get_vocab_size()
            self.specials = {t.token_to_id(s) for s in ("<s>", "<pad>", "</s>", "<unk>", "<mask>") if t.token_to_id(s) is not None}
            self.word_start = {i for piece, i in t.get_vocab().items() if piece.startswith("\u2581")}

    def encode(self, text, max_length):
        return self.tokenizer.encode(text, max_length)


def mask(ids, tokens, rng, probability=0.15, mask_share=0.8, random_share=0.1, whole_words=False):
    """(inputs, labels) for one sequence (MaskingPolicy.swift): about `probability` of the ordinary
    tokens, int(p·n + u) of them; of those 80 % <mask>, 10 % a random ordinary token, 10 % kept."""
    units, ordinary = [], 0
    for index, token in enumerate(ids):
        if token in tokens.specials:
            continue
        ordinary += 1
        starts = (not whole_words or not units or ids[index - 1] in tokens.specials or token in tokens.word_start
                  or units[-1][-1] != index - 1)
        if starts:
            units.append([index])
        else:
            units[-1].append(index)
    inputs, labels = list(ids), [IGNORED] * len(ids)
    if not ordinary:
        return inputs, labels
    wanted = min(ordinary, int(probability * ordinary + rng.random()))
    rng.shuffle(units)
    selected = 0
    for unit in units:
        if selected >= wanted:
            break
        for index in unit:
            labels[index] = ids[index]
            draw = rng.random()
            if draw < mask_share:
                inputs[index] = tokens.mask_id
            elif draw < mask_share + random_share:
                replacement = rng.randrange(tokens.size)
                while replacement in tokens.specials:
                    replacement = rng.randrange(tokens.size)
                inputs[index] = replacement
        selected += len(unit)
    return inputs, labels


def encode_pair(sentence, translation, tokens, max_length):
    """`<s> sentence </s></s> translation </s>` (TranslationPairEncoder.swift): the longer side loses
    tokens first when the pair is too long."""
    first, second = tokens.encode(sentence, max_length), tokens.encode(translation, max_length)
    if len(first) < 2 or len(second) < 2:
        return first + second
    second[0] = first[-1]
    a, b = first[1:-1], second[1:-1]
    while len(a) + len(b) > max_length - 4:
        if len(a) >= len(b):
            a.pop()
        else:
            b.pop()
    return [first[0]] + a + [first[-1]] + [second[0]] + b + [second[-1]]


class LanguageSampler:
    """q_i ∝ p_i^α over the languages present (LanguageSampler.swift)."""

    def __init__(self, counts, alpha):
        present = sorted((k, v) for k, v in counts.items() if v > 0)
        total = sum(v for _, v in present)
        weights = [(v / total) ** alpha for _, v in present]
        self.languages = [k for k, _ in present]
        self.probabilities = [w / sum(weights) for w in weights]

    def sample(self, rng):
        return rng.choices(self.languages, weights=self.probabilities)[0]


def run(args):
    from transformers import XLMRobertaForMaskedLM
    from .trainer import StopSignal, emit
    stop = StopSignal(args.stop_file)
    placement = D.start(args)
    device, use_cuda, local_rank, distributed = placement.device, placement.use_cuda, placement.local_rank, placement.distributed
    rank, world = placement.rank, placement.world

    snapshot = TextSnapshot(args.snapshot)
    s = snapshot.settings
    objectives = [o for o in (args.objectives.split(",") if getattr(args, "objectives", None) else s.get("objectives", ["mlm", "tlm"]))]
    if "tlm" in objectives and not snapshot.pairs:
        raise ValueError("TLM needs sentences with kept translations; the snapshot has none")
    if "mlm" in objectives and not snapshot.sentences:
        raise ValueError("MLM needs sentences; the snapshot has none")
    steps = args.steps if args.steps is not None else (None if args.minutes is not None else s.get("steps"))
    minutes = args.minutes if args.minutes is not None else (None if args.steps is not None else s.get("minutes"))
    if steps is None and minutes is None:
        raise ValueError("give --steps or --minutes")
    batch_size = args.batch_size or int(s.get("batchSize", 32))
    if batch_size % world:
        raise ValueError(f"the global batch {batch_size} is not a multiple of the {world} processes")
    local_batch = batch_size // world
    max_length = int(s.get("maxLength", 64))
    peak = args.lr or float(s.get("learningRate", 5e-4))
    floor = peak * float(s.get("minLearningRateShare", 0.1))
    warmup_share = float(s.get("warmupShare", 0.06))
    clip = float(s.get("clipNorm", 1.0))
    alpha = float(s.get("alpha", 0.3))
    probability = float(s.get("probability", 0.15))
    whole_words = bool(s.get("wholeWords", False))
    log_every = args.log_every or int(s.get("logEvery", 20))

    with open(os.path.join(args.init, "config.json")) as f:
        init_config = json.load(f)
    tokenizer = tokenizers.load("bytes" if init_config.get("m3clip_tokenizer") == "bytes" else "tokenizer.json", args.init)
    tokens = Tokens(tokenizer)
    from .model import _quiet
    _quiet()
    model = XLMRobertaForMaskedLM.from_pretrained(args.init, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    model.to(device).train()
    if args.gradient_checkpointing:
        model.gradient_checkpointing_enable()
    decay = [p for p in model.parameters() if p.ndim >= 2]
    rest = [p for p in model.parameters() if p.ndim < 2]
    optimizer = torch.optim.AdamW([{"params": decay, "weight_decay": float(s.get("weightDecay", 0.01))},
                                   {"params": rest, "weight_decay": 0.0}], lr=peak, betas=(0.9, 0.999), eps=1e-8)
    os.makedirs(args.out, exist_ok=True)
    resume_path = os.path.join(args.out, "resume.pt")
    state = {"step": 0, "elapsed_s": 0.0, "loss_curve": [], "sequences": {}, "finished": None}
    if os.path.exists(resume_path):
        saved = torch.load(resume_path, map_location=device, weights_only=False)
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        state = saved["state"]
    wrapped = torch.nn.parallel.DistributedDataParallel(model, device_ids=[local_rank] if use_cuda else None) if distributed else model
    autocast = torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=use_cuda and args.precision != "fp32") \
        if use_cuda else torch.autocast("cpu", enabled=False)

    rng = random.Random(hash((args.seed or int(s.get("seed", 0)), rank, state["step"])))
    by_language, pairs_by_language = {}, {}
    for i, sentence in enumerate(snapshot.sentences):
        by_language.setdefault(sentence["language"], []).append(i)
    for i, pair in enumerate(snapshot.pairs):
        pairs_by_language.setdefault(pair["language"], []).append(i)
    sentence_sampler = LanguageSampler({k: len(v) for k, v in by_language.items()}, alpha) if by_language else None
    pair_sampler = LanguageSampler({k: len(v) for k, v in pairs_by_language.items()}, alpha) if pairs_by_language else None

    def sequences(objective):
        out = []
        for _ in range(local_batch):
            if objective == "mlm":
                pool = by_language[sentence_sampler.sample(rng)]
                out.append(tokens.encode(snapshot.sentences[pool[rng.randrange(len(pool))]]["text"], max_length))
            else:
                pool = pairs_by_language[pair_sampler.sample(rng)]
                pair = snapshot.pairs[pool[rng.randrange(len(pool))]]
                first, second = (pair["source"], pair["translation"]) if rng.random() < 0.5 else (pair["translation"], pair["source"])
                out.append(encode_pair(first, second, tokens, 2 * max_length))
        return out

    budget = minutes * 60 if minutes is not None else None
    emit("start", world_size=world, device=str(device), objectives=objectives, global_batch=batch_size, resumed_at=state["step"],
         torch=torch.__version__)
    window, window_steps, window_start = 0.0, 0, time.time()
    while True:
        stop_flag, elapsed = D.agree_max([1.0 if stop else 0.0, state["elapsed_s"]], device)
        if steps is not None and state["step"] >= steps:
            state["finished"] = "completed"
            break
        if budget is not None and elapsed >= budget:
            state["finished"] = "time limit"
            break
        if stop_flag:
            state["finished"] = "stopped"
            break
        started = time.time()
        objective = objectives[state["step"] % len(objectives)]
        inputs, labels = [], []
        for sequence in sequences(objective):
            masked, label = mask(sequence, tokens, rng, probability, whole_words=whole_words)
            inputs.append(masked)
            labels.append(label)
        length = max(len(x) for x in inputs)
        ids = torch.full((local_batch, length), tokenizer.pad_id, dtype=torch.long)
        attention = torch.zeros((local_batch, length), dtype=torch.long)
        target = torch.full((local_batch, length), IGNORED, dtype=torch.long)
        for row, (x, y) in enumerate(zip(inputs, labels)):
            ids[row, : len(x)] = torch.tensor(x)
            attention[row, : len(x)] = 1
            target[row, : len(y)] = torch.tensor(y)
        ids, attention, target = ids.to(device), attention.to(device), target.to(device)
        # The loss over every rank's masked tokens: the per-rank sums and counts are all-reduced.
        with autocast:
            logits = wrapped(input_ids=ids, attention_mask=attention).logits
        picked = target != IGNORED
        local_sum = torch.nn.functional.cross_entropy(logits[picked].float(), target[picked], reduction="sum") if picked.any() \
            else logits.sum() * 0
        count = picked.sum().float()
        total = count.clone()
        if distributed:
            dist.all_reduce(total)
        loss = local_sum / total.clamp_min(1)
        (loss * world).backward()  # DDP averages: the gradient of the global mean
        torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
        fraction = state["step"] / max(steps, 1) if steps is not None else elapsed / max(1.0, budget)
        lr = warmup_cosine(min(9999, int(fraction * 10000)), peak, int(warmup_share * 10000), 10000, floor)
        for group in optimizer.param_groups:
            group["lr"] = lr
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        value = loss.detach()
        if distributed:
            dist.all_reduce(value)
        value = value.item()
        if not math.isfinite(value):
            emit("error", message=f"the MLM loss is {value} at step {state['step'] + 1}: the run is stopped")
            raise SystemExit(3)
        state["step"] += 1
        state["elapsed_s"] += time.time() - started
        state["sequences"][objective] = state["sequences"].get(objective, 0) + batch_size
        window += value
        window_steps += 1
        if state["step"] % log_every == 0:
            now = time.time()
            mean = window / window_steps
            state["loss_curve"].append([float(state["step"]), mean])
            emit("progress", step=state["step"], total_steps=steps or 0, loss=mean, lr=lr, logit_scale=0.0,
                 items_per_s=window_steps * batch_size / max(now - window_start, 1e-9), elapsed_s=state["elapsed_s"],
                 eta_s=(budget - state["elapsed_s"]) if budget else (steps - state["step"]) * state["elapsed_s"] / state["step"],
                 phase=0, objective=objective, world_size=world)
            window, window_steps, window_start = 0.0, 0, now
    if rank == 0:
        torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "state": state}, resume_path + ".tmp")
        os.replace(resume_path + ".tmp", resume_path)
        run_json = {"step": state["step"], "total_steps": steps, "rng_state": [], "loss_curve": state["loss_curve"],
                    "texts_seen": state["sequences"], "images_seen": 0, "phase": 0, "self_trained": {}, "recalibrated": False,
                    "elapsed_s": state["elapsed_s"], "finished": state["finished"]}
        with open(os.path.join(args.out, "run.json.tmp"), "w") as f:
            json.dump(run_json, f, sort_keys=True)
        os.replace(os.path.join(args.out, "run.json.tmp"), os.path.join(args.out, "run.json"))
        if state["finished"] != "stopped":
            save_folder(model, args.init, os.path.join(args.out, "checkpoint"))
    emit("finished", finished=state["finished"], step=state["step"])
    D.finish(placement)
    return 0


def save_folder(model, init, folder):
    """The HF MLM folder `m3clip pretrain-text` writes: save_pretrained (roberta.*, lm_head.*, the
    decoder tied), the init folder's tokenizer.json, and its m3clip keys in config.json."""
    temp = folder + ".tmp"
    shutil.rmtree(temp, ignore_errors=True)
    model.save_pretrained(temp, safe_serialization=True)
    with open(os.path.join(init, "config.json")) as f:
        init_config = json.load(f)
    with open(os.path.join(temp, "config.json")) as f:
        config = json.load(f)
    for key in ("m3clip_tokenizer",):
        if key in init_config:
            config[key] = init_config[key]
    config["architectures"] = ["XLMRobertaForMaskedLM"]
    config["tie_word_embeddings"] = True
    with open(os.path.join(temp, "config.json"), "w") as f:
        json.dump(config, f, indent=2, sort_keys=True)
    if os.path.exists(os.path.join(init, "tokenizer.json")):
        shutil.copyfile(os.path.join(init, "tokenizer.json"), os.path.join(temp, "tokenizer.json"))
    shutil.rmtree(folder, ignore_errors=True)
    os.rename(temp, folder)
