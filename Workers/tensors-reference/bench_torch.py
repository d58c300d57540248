"""PyTorch (CPU) reference for Benchmarks/Sources/TensorBenchmark: the same post-LayerNorm GELU
transformer encoder block, forward + backward, same shapes and thread counts, timed the same way
(median of N iterations after one warm-up; fresh autograd graph per iteration, input requires grad).

  python bench_torch.py [--threads 1,2] [--iters 10] [--quick]
  python bench_torch.py --check DIR    # compare with DIR/block.safetensors from TensorBenchmark --export DIR

Two attention variants are timed: "manual" (the same ops as the Swift block: linear, reshape,
permute, matmul, softmax, matmul) and "sdpa" (torch.nn.functional.scaled_dot_product_attention).
Needs torch (and safetensors for --check) in a throwaway venv; see the README note in the report.
"""
import argparse
import math
import resource
import statistics
import time

import torch
import torch.nn.functional as F


def block_forward(x, p, heads, sdpa=False):
    b, s, h = x.shape
    dh = h // heads

    def split(t):
        return t.reshape(b, s, heads, dh).permute(0, 2, 1, 3)

    if sdpa:
        q = split(F.linear(x, p["attention.self.query.weight"], p["attention.self.query.bias"]))
        k = split(F.linear(x, p["attention.self.key.weight"], p["attention.self.key.bias"]))
        v = split(F.linear(x, p["attention.self.value.weight"], p["attention.self.value.bias"]))
        ctx = F.scaled_dot_product_attention(q, k, v)
    else:
        q = split(F.linear(x, p["attention.self.query.weight"], p["attention.self.query.bias"]) * (1 / math.sqrt(dh)))
        k = split(F.linear(x, p["attention.self.key.weight"], p["attention.self.key.bias"]))
        v = split(F.linear(x, p["attention.self.value.weight"], p["attention.self.value.bias"]))
        ctx = torch.matmul(torch.softmax(torch.matmul(q, k.transpose(-1, -2)), dim=-1), v)
    ctx = ctx.permute(0, 2, 1, 3).reshape(b, s, h)
    x1 = F.layer_norm(x + F.linear(ctx, p["attention.output.dense.weight"], p["attention.output.dense.bias"]), (h,),
                      p["attention.output.LayerNorm.weight"], p["attention.output.LayerNorm.bias"], 1e-5)
    ff = F.linear(F.gelu(F.linear(x1, p["intermediate.dense.weight"], p["intermediate.dense.bias"])),
                  p["output.dense.weight"], p["output.dense.bias"])
    return F.layer_norm(x1 + ff, (h,), p["output.LayerNorm.weight"], p["output.LayerNorm.bias"], 1e-5)


def make_params(h, gen):
    p = {}
    for name, out, inp in [("attention.self.query", h, h), ("attention.self.key", h, h), ("attention.self.value", h, h),
                           ("attention.output.dense", h, h), ("intermediate.dense", 4 * h, h), ("output.dense", h, 4 * h)]:
        p[name + ".weight"] = (torch.randn(out, inp, generator=gen) * 0.02).requires_grad_()
        p[name + ".bias"] = (torch.randn(out, generator=gen) * 0.02).requires_grad_()
    for name in ["attention.output.LayerNorm", "output.LayerNorm"]:
        p[name + ".weight"] = torch.ones(h).requires_grad_()
        p[name + ".bias"] = torch.zeros(h).requires_grad_()
    return p


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def check(directory):
    from safetensors.torch import load_file
    from safetensors import safe_open
    path = f"{directory}/block.safetensors"
    t = load_file(path)
    with safe_open(path, framework="pt") as f:
        meta = f.metadata()
    heads = int(meta["heads"])
    p = {k: v.clone().requires_grad_() for k, v in t.items()
         if not k.startswith("grad.") and k not in ("input", "probe", "output", "input.grad")}
    x = t["input"].clone().requires_grad_()
    torch.set_num_threads(1)
    y = block_forward(x, p, heads)
    (y * t["probe"]).sum().backward()
    worst = [("output", (y - t["output"]).abs().max().item()), ("input.grad", (x.grad - t["input.grad"]).abs().max().item())]
    worst += [(f"grad.{k}", (v.grad - t[f"grad.{k}"]).abs().max().item()) for k, v in p.items()]
    for name, err in worst:
        print(f"{name:45s} max |swift - torch| = {err:.2e}")
    bad = [n for n, e in worst if e > 1e-4]
    print("MATCH" if not bad else f"MISMATCH: {bad}")
    return 0 if not bad else 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--iters", type=int, default=10)
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--check")
    a = ap.parse_args()
    if a.check:
        raise SystemExit(check(a.check))
    iters = 3 if a.quick else a.iters
    threads = [int(t) for t in a.threads.split(",")]
    torch.set_num_interop_threads(1)
    print(f"# PyTorch {torch.__version__} CPU benchmark, median of {iters} iterations")
    def sgemm_peak(t):
        """GFLOP/s of the hidden-768 FFN product, fastest of max(iters, 5); re-measured before each block."""
        torch.set_num_threads(t)
        a_ = torch.randn(1024, 768)
        b_ = torch.randn(3072, 768)
        torch.matmul(a_, b_.T)
        times = []
        for _ in range(max(iters, 5)):
            t0 = time.perf_counter()
            torch.matmul(a_, b_.T)
            times.append(time.perf_counter() - t0)
        return 2 * 1024 * 768 * 3072 / min(times) / 1e9

    for t in threads:
        print(f"sgemm peak  threads={t}  1024x768·(3072x768)ᵀ  {sgemm_peak(t):.1f} GFLOP/s")
    configs = [(256, 64, 32, 4)] if a.quick else [(256, 64, 32, 4), (768, 128, 8, 12)]
    print("torch  variant hidden seq batch threads   fwd ms   bwd ms  total ms   GFLOP/s  sgemm GFLOP/s  %peak  peakRSS MiB")
    for h, s, b, nh in configs:
        for t in threads:
            peak = sgemm_peak(t)
            torch.set_num_threads(t)
            for sdpa in (False, True):
                gen = torch.Generator().manual_seed(5)
                p = make_params(h, gen)
                x0 = torch.randn(b, s, h, generator=gen)
                fwd, bwd = [], []
                for i in range(iters + 1):
                    t0 = time.perf_counter()
                    x = x0.clone().requires_grad_()
                    loss = block_forward(x, p, nh, sdpa).mean()
                    t1 = time.perf_counter()
                    loss.backward()
                    t2 = time.perf_counter()
                    for v in p.values():
                        v.grad = None
                    if i > 0:
                        fwd.append(t1 - t0)
                        bwd.append(t2 - t1)
                total = statistics.median([f + g for f, g in zip(fwd, bwd)])
                flops = 3 * (24 * b * s * h * h + 4 * b * s * s * h)
                gflops = flops / total / 1e9
                print(f"torch  {'sdpa' if sdpa else 'manual':7s}{h:6d} {s:3d} {b:5d} {t:7d} {statistics.median(fwd) * 1e3:8.2f} "
                      f"{statistics.median(bwd) * 1e3:8.2f} {total * 1e3:9.2f} {gflops:9.1f} {peak:14.1f} {100 * gflops / peak:5.0f}% "
                      f"{peak_rss_mib():12.0f}")
    torch.set_num_threads(1)
    for n in (64 * 1024, 8 * 1024 * 1024):
        reps = max(1, 8 * 1024 * 1024 // n)
        x = torch.randn(n)
        rows = torch.randn(n // 768 + 1, 768)
        w, bias = torch.ones(768), torch.zeros(768)

        def best(fn):
            fn()
            out = []
            for _ in range(iters):
                t0 = time.thread_time()
                for _ in range(reps):
                    fn()
                out.append(time.thread_time() - t0)
            return min(out)

        g1 = best(lambda: F.gelu(x))
        g2 = best(lambda: F.gelu(x, approximate="tanh"))
        ln = best(lambda: F.layer_norm(rows, (768,), w, bias))
        sm = best(lambda: torch.softmax(rows, -1))
        m, r = n * reps, rows.numel() * reps
        print(f"elementwise 1 thread (CPU time), {n:7d} elements: GELU(erf) {m / g1 / 1e9:.2f} G/s, GELU(tanh) {m / g2 / 1e9:.2f} G/s, "
              f"LayerNorm(768) {r / ln / 1e9:.2f} G/s, softmax(768) {r / sm / 1e9:.2f} G/s")
    print(f"peak RSS {peak_rss_mib():.0f} MiB")


if __name__ == "__main__":
    main()
