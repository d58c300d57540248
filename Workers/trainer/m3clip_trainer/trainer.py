"""The training loop (mirrors Sources/Training/Trainer/ContrastiveTrainer.swift): decoupled batches →
augmentation → both encoders (bf16 autocast on GPU, fp32 on CPU) → the semantic-matching (or InfoNCE)
loss over the global batch → backward → global-norm clip → AdamW with warm-up + cosine → logit-scale
clamp. Progress as JSON lines on stdout (rank 0); SIGTERM, SIGINT or the parent process gone →
resume state at the next step boundary and exit 0; a run folder with `resume.pt` continues."""
import json
import math
import os
import signal
import socket
import sys
import time

import torch
import torch.distributed as dist

from . import distributed as D
from . import tokenizer as tokenizers
from .augment import normalize
from .data import BatchStream, LabelTable
from .loss import info_nce_loss, label_matrices, semantic_matching_loss
from .model import M3CLIP
from .schedule import warmup_cosine
from .snapshot import Snapshot

CALIBRATION_STEPS = 5


def emit(event, **fields):
    """One JSON line on stdout (rank 0 only), flushed: the daemon reads these into `ctl status`."""
    if D.rank() == 0:
        sys.stdout.write(json.dumps({"event": event, **fields}, sort_keys=True) + "\n")
        sys.stdout.flush()


class Settings:
    """The run's hyper-parameters: the snapshot's trainer settings (the Swift TrainerSettings the daemon
    would have used), overridden by the command line."""

    def __init__(self, snapshot_settings, args):
        s = snapshot_settings or {}
        sampling = s.get("sampling", {})

        def pick(arg, key, default, source=s):
            value = getattr(args, arg, None)
            return value if value is not None else source.get(key, default)

        # The command line's --steps, else its --minutes, else the snapshot's steps or minutes.
        if args.steps is not None:
            self.steps, self.minutes = args.steps, None
        elif args.minutes is not None:
            self.steps, self.minutes = None, args.minutes
        else:
            self.steps, self.minutes = s.get("steps"), s.get("minutes")
        if self.steps is None and self.minutes is None:
            raise ValueError("give --steps or --minutes (or a snapshot whose trainer settings have one)")
        self.batch_size = int(pick("batch_size", "batchSize", 32, sampling))
        self.pair_share = float(pick("pair_share", "pairShare", 0.25, sampling))
        self.language_min_share = float(pick("language_min_share", "languageMinShare", 0.1, sampling))
        self.replay_share = float(pick("replay_share", "replayShare", 0.3, sampling))
        # Snapshots from before the finding-aware draws existed leave them off, as Swift's decoder does.
        self.finding_balance_share = float(pick("finding_balance_share", "findingBalanceShare", 0.0 if s else 0.5, sampling))
        self.label_match_share = float(pick("label_match_share", "labelMatchShare", 0.0 if s else 0.5, sampling))
        self.objective = pick("objective", "objective", "semantic")
        self.label_temperature = float(pick("label_temperature", "labelTemperature", 0.25))
        self.learning_rate = float(pick("lr", "learningRate", 5e-4))
        self.warmup_share = float(pick("warmup_share", "warmupShare", 0.05))
        self.min_lr_share = float(pick("min_lr_share", "minLearningRateShare", 0.05))
        self.weight_decay = float(pick("weight_decay", "weightDecay", 0.05))
        self.clip_norm = float(pick("clip_norm", "clipNorm", 1.0))
        self.seed = int(pick("seed", "seed", 0))
        self.log_every = int(pick("log_every", "logEvery", 10))
        self.checkpoint_every = int(pick("checkpoint_every", "checkpointEvery", 100))
        # The Swift settings omit `augmentation` when it is off.
        self.augment = ("augmentation" in s if s else True) and not args.no_augment
        self.augment_text = ("textAugmentation" in s if s else True) and not args.no_augment
        self.self_trained_share = float(pick("self_trained_share", "selfTrainedShare", 0.3))
        if self.objective == "infonce":
            self.pair_share = 1.0

    def hyperparameters(self):
        h = {"batch_size": self.batch_size, "pair_share": self.pair_share, "language_min_share": self.language_min_share,
             "replay_share": self.replay_share, "finding_balance_share": self.finding_balance_share,
             "label_match_share": self.label_match_share, "label_temperature": self.label_temperature, "learning_rate": self.learning_rate,
             "warmup_share": self.warmup_share, "min_learning_rate_share": self.min_lr_share, "weight_decay": self.weight_decay,
             "clip_norm": self.clip_norm, "seed": self.seed, "augment": 1 if self.augment else 0, "augment_text": 1 if self.augment_text else 0,
             "self_trained_share": self.self_trained_share}
        if self.steps is not None:
            h["steps"] = self.steps
        if self.minutes is not None:
            h["minutes"] = self.minutes
        return {k: float(v) for k, v in h.items()}


class StopSignal:
    """What stops a run at its next step boundary: SIGTERM or SIGINT, the stop file appearing
    (`--stop-file`, how m3clip asks: a file cannot race a launcher's signal handlers), or the parent
    process dying (`M3CLIP_TRAINING_PARENT`, the pid of `m3clip train`)."""

    def __init__(self, stop_file=None):
        self.requested = False
        self.stop_file = stop_file
        self.parent = int(os.environ.get("M3CLIP_TRAINING_PARENT", "0") or 0)
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._handle)

    def _handle(self, *_):
        self.requested = True

    def __bool__(self):
        if self.stop_file and os.path.exists(self.stop_file):
            self.requested = True
        if self.parent > 0:
            try:
                os.kill(self.parent, 0)
            except ProcessLookupError:
                self.requested = True
            except PermissionError:
                pass
        return self.requested


def count_flops(model, batch, device, autocast):
    """FLOPs of one forward + backward on `batch` (torch.utils.flop_counter), gradients discarded."""
    from torch.utils.flop_counter import FlopCounterMode
    counter = FlopCounterMode(display=False)
    with counter:
        with autocast:
            image = model.encode_image(batch["pixels"].to(device))
            text = model.encode_text(batch["input_ids"].to(device), batch["attention_mask"].to(device))
        (image.sum() + text.sum()).backward()
    model.zero_grad(set_to_none=True)
    return counter.get_total_flops()


def pending_labels(snapshot):
    """Every (is_image, item index, observation index) still waiting for a U-SelfTrained probability."""
    return [(True, i, o) for i, obs in enumerate(snapshot.images.pending) for o in obs] + \
           [(False, i, o) for i, obs in enumerate(snapshot.texts.pending) for o in obs]


def derive_self_trained(model, snapshot, tokenizer, device, autocast, chunk=64):
    """U-SelfTrained's phase switch (SelfTrainedLabeler.swift): for every pending (item, observation),
    the probability that the finding is present — the two-way softmax of scale·e·mean(present prompts)
    against scale·e·mean(absent prompts), e the item's own embedding. Returns [(is_image, index,
    observation)] and their probabilities."""
    pending = pending_labels(snapshot)
    probabilities = torch.full((len(pending),), 0.5)
    prompts = snapshot.self_trained_prompts
    config = model.config
    model.eval()

    def embed_texts(texts):
        out = []
        for start in range(0, len(texts), chunk):
            ids, mask = tokenizers.batch(tokenizer, texts[start:start + chunk], config.get("max_text_length", 128))
            with autocast:
                out.append(model.encode_text(ids.to(device), mask.to(device)).float())
        return torch.cat(out)

    def embed_images(indices):
        out = []
        for start in range(0, len(indices), chunk):
            squares = torch.stack([torch.from_numpy(snapshot.image(i)) for i in indices[start:start + chunk]])
            pixels = normalize(squares, config.get("image_mean", 0.5862785803043838), config.get("image_std", 0.27950088968644304),
                               config["vision_config"].get("num_channels", 3))
            with autocast:
                out.append(model.encode_image(pixels.to(device)).float())
        return torch.cat(out)

    with torch.no_grad():
        scale = float(model.scale().item())
        for observation in sorted({o for _, _, o in pending}):
            if observation not in prompts:
                continue
            present, absent = prompts[observation]
            centroids = torch.stack([embed_texts(present).mean(0), embed_texts(absent).mean(0)])  # [2, d]
            positions = [k for k, p in enumerate(pending) if p[2] == observation]
            for is_image in (True, False):
                rows = [k for k in positions if pending[k][0] == is_image]
                if not rows:
                    continue
                items = [pending[k][1] for k in rows]
                embeddings = embed_images(items) if is_image else embed_texts([snapshot.texts.text[i] for i in items])
                logits = embeddings @ centroids.T
                probabilities[rows] = torch.sigmoid(scale * (logits[:, 0] - logits[:, 1])).cpu()
    model.train()
    return pending, probabilities


def apply_self_trained(state, snapshot, tables, pending, probabilities):
    """Sets each pending polarity channel to 2p − 1 (negatives weighted as the daemon weights them)
    and records p under the item id and observation name (run.json's self_trained)."""
    weight = float(snapshot.meta.get("negative_label_weight", 1.0))
    names = snapshot.observations
    for (is_image, index, observation), p in zip(pending, probabilities.tolist()):
        items, table = (snapshot.images, tables[0]) if is_image else (snapshot.texts, tables[1])
        value = 2 * min(max(p, 0.0), 1.0) - 1
        table.values[index, observation] = value * weight if value < 0 else value
        name = names[observation] if observation < len(names) else str(observation)
        state["self_trained"].setdefault(items.ids[index], {})[name] = p


def run(args):
    stop = StopSignal(args.stop_file)
    placement = D.start(args)
    device, use_cuda, local_rank, distributed = placement.device, placement.use_cuda, placement.local_rank, placement.distributed
    rank, world = placement.rank, placement.world
    torch.manual_seed(args.seed if args.seed is not None else 0)

    snapshot = Snapshot(args.snapshot, "train")
    settings = Settings(snapshot.trainer_settings, args)
    if settings.batch_size % world:
        raise ValueError(f"the global batch {settings.batch_size} is not a multiple of the {world} processes")
    local_batch = settings.batch_size // world
    os.makedirs(args.out, exist_ok=True)
    resume_path = os.path.join(args.out, "resume.pt")
    resuming = os.path.exists(resume_path)
    model, tokenizer, parent_training = M3CLIP.load(args.init)
    if model.config["vision_config"].get("image_size", 224) != snapshot.side:
        raise ValueError(f"the snapshot's images are {snapshot.side} px, the model takes {model.config['vision_config'].get('image_size')}")
    bf16 = use_cuda and args.precision in ("auto", "bf16")
    if args.gradient_checkpointing:
        model.text_model.gradient_checkpointing_enable()
        model.vision_model.gradient_checkpointing_enable()
    model.to(device).train()  # from_pretrained hands back eval mode; gradient checkpointing acts only in training mode
    optimizer = torch.optim.AdamW(model.decay_groups(settings.weight_decay), lr=settings.learning_rate, betas=(0.9, 0.999), eps=1e-8)
    state = {"step": 0, "total_steps": settings.steps, "loss_curve": [], "texts_seen": {}, "images_seen": 0,
             "elapsed_s": 0.0, "recalibrated": False, "finished": None, "phase": 1, "self_trained": {}}
    tables = (LabelTable(snapshot.images), LabelTable(snapshot.texts))
    if resuming:
        saved = torch.load(resume_path, map_location=device, weights_only=False)
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        state = saved["state"]
        if state.get("phase") == 2:  # the derived probabilities apply again
            pending = pending_labels(snapshot)
            ids = (snapshot.images.ids, snapshot.texts.ids)
            probabilities = torch.tensor([state["self_trained"].get(ids[0 if is_image else 1][i], {}).get(snapshot.observations[o], 0.5)
                                          for is_image, i, o in pending])
            apply_self_trained(state, snapshot, tables, pending, probabilities)
        emit("log", message=f"resumed at step {state['step']}")
    wrapped = torch.nn.parallel.DistributedDataParallel(model, device_ids=[local_rank] if use_cuda else None) if distributed else model
    forward = torch.compile(wrapped) if args.compile else wrapped
    autocast = torch.autocast(device_type="cuda", dtype=torch.bfloat16, enabled=bf16) if use_cuda else torch.autocast("cpu", enabled=False)

    stream = BatchStream(snapshot, tokenizer, model.config, local_batch, rank=rank, world=world, seed=settings.seed,
                         start_step=state["step"], pair_share=settings.pair_share, language_min_share=settings.language_min_share,
                         replay_share=settings.replay_share, finding_balance_share=settings.finding_balance_share,
                         label_match_share=settings.label_match_share, augment=settings.augment,
                         augment_text=settings.augment_text, fixed=args.fixed_batch)
    loader = torch.utils.data.DataLoader(stream, batch_size=None, num_workers=args.workers, pin_memory=use_cuda,
                                         persistent_workers=args.workers > 0, prefetch_factor=4 if args.workers > 0 else None)
    batches = iter(loader)
    flops_per_step = None
    if use_cuda or args.count_flops:
        first = next(batches)
        flops_per_step = count_flops(model, first, device, autocast) * world
    emit("start", world_size=world, device=str(device), precision="bf16" if bf16 else "fp32", compile=bool(args.compile),
         local_batch=local_batch, global_batch=settings.batch_size, resumed_at=state["step"], flops_per_step=flops_per_step,
         host=socket.gethostname(), torch=torch.__version__)

    budget = settings.minutes * 60 if settings.minutes is not None and settings.steps is None else None
    window_loss, window_steps, window_start = 0.0, 0, time.time()
    calibration_start, calibration_steps = None, 0
    peak = args.peak_tflops * 1e12 * world

    def learning_rate(step):
        total = state["total_steps"]
        if total is None:
            return settings.learning_rate * (step + 1) / (10 * CALIBRATION_STEPS)
        warmup = int(settings.warmup_share * total)
        return warmup_cosine(step, settings.learning_rate, min(warmup, total), total, settings.learning_rate * settings.min_lr_share)

    while True:
        stop_flag, elapsed = D.agree_max([1.0 if stop else 0.0, state["elapsed_s"]], device)
        state["elapsed_s"] = elapsed
        if state["total_steps"] is not None and state["step"] >= state["total_steps"]:
            state["finished"] = "completed"
            break
        if budget is not None and elapsed >= budget:
            state["finished"] = "time limit"
            break
        if stop_flag:
            state["finished"] = "stopped"
            break
        if state["phase"] == 1 and settings.self_trained_share > 0 and state["total_steps"] is not None \
                and state["step"] >= int(settings.self_trained_share * state["total_steps"]):
            if rank == 0:
                pending, probabilities = derive_self_trained(model, snapshot, tokenizer, device, autocast)
            else:
                pending = pending_labels(snapshot)
                probabilities = torch.zeros(len(pending))
            if D.is_distributed() and pending:  # rank 0's probabilities, for every rank
                shared = probabilities.to(device)
                dist.broadcast(shared, src=0)
                probabilities = shared.cpu()
            apply_self_trained(state, snapshot, tables, pending, probabilities)
            state["phase"] = 2
            emit("log", message=f"U-SelfTrained: {len(pending)} uncertain labels given their probabilities at step {state['step']}")
        started = time.time()
        batch = next(batches)
        pixels = batch["pixels"].to(device, non_blocking=True)
        ids, mask = batch["input_ids"].to(device, non_blocking=True), batch["attention_mask"].to(device, non_blocking=True)
        # DDP (and torch.compile) wrap the module call: both towers and the scale in one forward.
        with autocast:
            image, text, scale = forward(pixels, ids, mask)
        image, text, scale = image.float(), text.float(), scale.float()
        global_image, global_text = D.gather(image), D.gather(text)
        if settings.objective == "infonce":
            loss = info_nce_loss(global_image, global_text, scale)
        else:
            local = tables[0].batch(batch["image_indices"]) + tables[1].batch(batch["text_indices"])
            labels = [D.gather(t.to(device), with_grad=False) for t in local]
            image_labels, text_labels = label_matrices(*labels)
            loss = semantic_matching_loss(global_image, global_text, scale, image_labels, text_labels, settings.label_temperature)
        value = loss.item()
        if not math.isfinite(value):
            emit("error", message=f"the loss is {value} at step {state['step'] + 1}: the run is stopped and its model discarded")
            raise SystemExit(3)
        (loss * world).backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), settings.clip_norm)
        lr = learning_rate(state["step"])
        for group in optimizer.param_groups:
            group["lr"] = lr
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        model.clamp_logit_scale()
        if use_cuda:
            torch.cuda.synchronize()
        seconds = time.time() - started
        state["elapsed_s"] += seconds
        state["step"] += 1
        state["images_seen"] += local_batch
        for language in batch["languages"]:
            state["texts_seen"][language] = state["texts_seen"].get(language, 0) + 1
        window_loss += value
        window_steps += 1

        if budget is not None:
            step = state["step"]
            if step == 1:
                calibration_start = time.time()
            elif calibration_start is not None:
                calibration_steps += 1
            if state["total_steps"] is None and calibration_steps == CALIBRATION_STEPS:
                per_step = D.agree_max([(time.time() - calibration_start) / calibration_steps], device)[0]
                state["total_steps"] = max(step + 1, int(budget / max(per_step, 1e-6)))
            elif not state["recalibrated"] and state["total_steps"] is not None and state["elapsed_s"] >= 0.1 * budget:
                state["recalibrated"] = True
                state["total_steps"] = max(step + 1, int(budget / (state["elapsed_s"] / step)))
            state["total_steps"] = D.broadcast_int(state["total_steps"] or 0, device) or None

        if state["step"] % settings.log_every == 0 or state["step"] == state["total_steps"]:
            now = time.time()
            mean = window_loss / window_steps
            state["loss_curve"].append([float(state["step"]), mean])
            rate = window_steps * settings.batch_size / max(now - window_start, 1e-9)
            remaining = max(0, (state["total_steps"] or state["step"]) - state["step"])
            eta = remaining * state["elapsed_s"] / max(state["step"], 1)
            if budget is not None:
                eta = min(eta, max(0.0, budget - state["elapsed_s"]))
            fields = {"step": state["step"], "total_steps": state["total_steps"] or 0, "loss": mean, "lr": lr,
                      "logit_scale": float(model.scale().item()), "items_per_s": 2 * rate, "samples_per_s": rate,
                      "elapsed_s": state["elapsed_s"], "eta_s": eta, "phase": state["phase"], "world_size": world}
            if use_cuda:
                fields["gpu_memory_gb"] = torch.cuda.max_memory_allocated(device) / 2**30
            if flops_per_step:
                step_seconds = (now - window_start) / window_steps
                fields["tflops"] = flops_per_step / step_seconds / 1e12
                if use_cuda:
                    fields["mfu"] = flops_per_step / step_seconds / peak
            emit("progress", **fields)
            window_loss, window_steps, window_start = 0.0, 0, now
        if state["step"] % settings.checkpoint_every == 0:
            save_resume(args.out, model, optimizer, state)
    save_resume(args.out, model, optimizer, state)
    if state["finished"] != "stopped":
        write_checkpoint(args, model, settings, state, parent_training, snapshot, world, device, bf16)
    emit("finished", finished=state["finished"], step=state["step"])
    D.finish(placement)
    return 0


def _merged_counts(state):
    """Texts per language and images drawn, summed over ranks."""
    if not D.is_distributed():
        return dict(state["texts_seen"]), state["images_seen"]
    parts = [None] * D.world_size()
    dist.all_gather_object(parts, (state["texts_seen"], state["images_seen"]))
    texts, images = {}, 0
    for seen, count in parts:
        for k, v in seen.items():
            texts[k] = texts.get(k, 0) + v
        images += count
    return texts, images


def save_resume(out, model, optimizer, state):
    """model + optimizer + loop state in resume.pt, and run.json (TrainingRunState's keys), rank 0,
    each written to a temporary file and renamed."""
    texts, images = _merged_counts(state)
    if D.rank() != 0:
        return
    path = os.path.join(out, "resume.pt")
    torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "state": state}, path + ".tmp")
    os.replace(path + ".tmp", path)
    run = {"step": state["step"], "total_steps": state["total_steps"], "rng_state": [], "loss_curve": state["loss_curve"],
           "texts_seen": texts, "images_seen": images, "phase": state.get("phase", 1), "self_trained": state.get("self_trained", {}),
           "recalibrated": state["recalibrated"],
           "elapsed_s": state["elapsed_s"], "finished": state["finished"]}
    with open(os.path.join(out, "run.json.tmp"), "w") as f:
        json.dump(run, f, sort_keys=True)
    os.replace(os.path.join(out, "run.json.tmp"), os.path.join(out, "run.json"))


def write_checkpoint(args, model, settings, state, parent_training, snapshot, world, device, bf16):
    texts, images = _merged_counts(state)
    if D.rank() != 0:
        return
    from datetime import datetime, timezone
    training = {"parent_model": parent_training.get("parent_model"), "corpus_version": snapshot.corpus_version,
                "steps": state["step"], "hyperparameters": settings.hyperparameters(), "metrics": {},
                "notes": {"trainer": "m3clip-torch", "objective": settings.objective, "finished": state["finished"] or "",
                          "self_trained_labels": str(len(state.get("self_trained", {}))),
                          "world_size": str(world), "device": str(device.type), "precision": "bf16" if bf16 else "fp32",
                          "torch": torch.__version__},
                "created_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "loss_curve": state["loss_curve"], "items_seen": {**texts, "images": images}, "gate_reasons": []}
    model.save(os.path.join(args.out, "checkpoint"), training, tokenizer_source=args.init)
