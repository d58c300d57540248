#!/usr/bin/env python3
"""Times CTranslate2 called directly in Python (SentencePiece + translate_batch + decode, exactly
what the worker does per request, without the process boundary and JSON) on given batches.

    bench_direct.py --model DIR --batches BATCHES.json [--beam-size N] [--compute-type T]
                    [--intra-threads N] [--max-decoding-length N] [--repeat R]

BATCHES.json: [{"source": "eng_Latn", "target": "deu_Latn", "texts": [...]}, ...]
Prints {"seconds": best-of-R wall time, "cpu_seconds": best-of-R CPU time of this process, ...} as JSON. TranslationBenchmark calls it.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import worker  # noqa: E402


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", required=True)
    parser.add_argument("--batches", required=True)
    parser.add_argument("--beam-size", type=int, default=4)
    parser.add_argument("--compute-type", default="int8")
    parser.add_argument("--intra-threads", type=int, default=1)
    parser.add_argument("--max-decoding-length", type=int, default=256)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with open(args.batches, encoding="utf-8") as handle:
        batches = json.load(handle)
    translator = worker.Translator(args.model, compute_type=args.compute_type, beam_size=args.beam_size,
                                   intra_threads=args.intra_threads, max_decoding_length=args.max_decoding_length)
    translator.translate(batches[0]["texts"], batches[0]["source"], batches[0]["target"])  # warm-up
    runs, cpu = [], []
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        for batch in batches:
            translator.translate(batch["texts"], batch["source"], batch["target"])
        runs.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    print(json.dumps({"seconds": min(runs), "runs": runs, "cpu_seconds": min(cpu), "cpu_runs": cpu}))


if __name__ == "__main__":
    main()
