#!/usr/bin/env python3
"""m3clip's translation worker: NLLB-200 through CTranslate2, speaking JSON lines on stdin/stdout.

The daemon (Swift `CTranslate2Engine`) starts it, health-checks it and restarts it when it dies.
One request per line, one answer per line, in order:

    {"id": 1, "op": "ping"}
    -> {"id": 1, "ok": true, "model": "...", "languages": 202}
    {"id": 2, "op": "translate", "source": "eng_Latn", "target": "deu_Latn", "texts": ["No pneumothorax."]}
    -> {"id": 2, "ok": true, "translations": [{"text": "Kein Pneumothorax.", "logprob": -0.21}], "seconds": 0.05}
    {"id": 3, "op": "shutdown"}
    -> {"id": 3, "ok": true}

Errors answer {"id": N, "ok": false, "error": "..."} and the worker keeps serving. When the model
is loaded it prints {"event": "ready", ...} first. Logs go to stderr.

NLLB specifics (DESIGN.md §6): the source is [src_lang] + pieces + ["</s>"] (a converted model's
config has add_source_bos/eos = false); the target language is forced with target_prefix and
comes back as the first token (stripped); codes are checked against the vocabulary, because an
unknown code would silently become <unk>; inputs longer than the model's position table are
truncated by max_input_length; the mean token log-prob is score * len(h) / (len(h) - 1).
"""
import argparse
import json
import os
import sys
import time

import ctranslate2
import sentencepiece as spm


class Translator:
    def __init__(self, model, device="cpu", compute_type="default", beam_size=4, max_batch_size=32,
                 inter_threads=1, intra_threads=0, max_input_length=1024, max_decoding_length=256):
        self.model = model
        self.beam_size = beam_size
        self.max_batch_size = max_batch_size
        self.max_input_length = max_input_length
        self.max_decoding_length = max_decoding_length
        self.translator = ctranslate2.Translator(model, device=device, compute_type=compute_type,
                                                 inter_threads=inter_threads, intra_threads=intra_threads)
        self.sp = spm.SentencePieceProcessor(model_file=os.path.join(model, "sentencepiece.bpe.model"))
        self.vocabulary = set(load_vocabulary(model))

    def check_language(self, code):
        if not isinstance(code, str) or code not in self.vocabulary:
            raise ValueError(f"language {code!r} is not in the model's vocabulary")

    def encode(self, texts, source):
        return [[source] + self.sp.encode(text, out_type=str) + ["</s>"] for text in texts]

    def translate(self, texts, source, target):
        self.check_language(source)
        self.check_language(target)
        if not texts:
            return []
        results = self.translator.translate_batch(
            self.encode(texts, source), target_prefix=[[target]] * len(texts), beam_size=self.beam_size,
            max_batch_size=self.max_batch_size, max_input_length=self.max_input_length,
            max_decoding_length=self.max_decoding_length, return_scores=True, return_end_token=True)
        return [self.decode(result.hypotheses[0], result.scores[0], target) for result in results]

    def decode(self, hypothesis, score, target):
        length = len(hypothesis)
        logprob = score * length / (length - 1) if length > 1 else score
        tokens = hypothesis[1:] if hypothesis and hypothesis[0] == target else list(hypothesis)
        if tokens and tokens[-1] == "</s>":
            tokens = tokens[:-1]
        return {"text": self.sp.decode_pieces(tokens).strip(), "logprob": float(logprob)}


def load_vocabulary(model):
    json_path = os.path.join(model, "shared_vocabulary.json")
    if os.path.exists(json_path):
        with open(json_path, encoding="utf-8") as handle:
            return json.load(handle)
    with open(os.path.join(model, "shared_vocabulary.txt"), encoding="utf-8") as handle:
        return [line.rstrip("\n") for line in handle]


def answer(message):
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def serve(translator, stdin, debug_delay=0.0):
    for line in stdin:
        line = line.strip()
        if not line:
            continue
        request_id = None
        try:
            request = json.loads(line)
            request_id = request.get("id")
            op = request.get("op")
            if op == "ping":
                answer({"id": request_id, "ok": True, "model": translator.model,
                        "languages": sum(1 for token in translator.vocabulary if len(token) == 8 and token[3] == "_")})
            elif op == "translate":
                started = time.perf_counter()
                texts = request.get("texts")
                if not isinstance(texts, list) or not all(isinstance(text, str) for text in texts):
                    raise ValueError("texts must be a list of strings")
                if debug_delay:
                    time.sleep(debug_delay)
                translations = translator.translate(texts, request.get("source"), request.get("target"))
                answer({"id": request_id, "ok": True, "translations": translations,
                        "seconds": time.perf_counter() - started})
            elif op == "shutdown":
                answer({"id": request_id, "ok": True})
                return
            else:
                raise ValueError(f"unknown op {op!r}")
        except Exception as error:  # answer and keep serving
            answer({"id": request_id, "ok": False, "error": f"{type(error).__name__}: {error}"})


def main(argv=None):
    parser = argparse.ArgumentParser(description="m3clip NLLB-200 / CTranslate2 worker (JSON lines on stdin/stdout)")
    parser.add_argument("--model", required=True, help="a CTranslate2 model folder with sentencepiece.bpe.model")
    parser.add_argument("--device", default="cpu", help="cpu, cuda or auto")
    parser.add_argument("--compute-type", default="default", help="int8, int8_float16, float16, float32, default")
    parser.add_argument("--beam-size", type=int, default=4)
    parser.add_argument("--max-batch-size", type=int, default=32)
    parser.add_argument("--inter-threads", type=int, default=1)
    parser.add_argument("--intra-threads", type=int, default=0)
    parser.add_argument("--max-input-length", type=int, default=1024)
    parser.add_argument("--max-decoding-length", type=int, default=256)
    parser.add_argument("--debug-delay", type=float, default=0.0, help=argparse.SUPPRESS)  # tests: a slow batch
    args = parser.parse_args(argv)
    try:
        translator = Translator(args.model, device=args.device, compute_type=args.compute_type,
                                beam_size=args.beam_size, max_batch_size=args.max_batch_size,
                                inter_threads=args.inter_threads, intra_threads=args.intra_threads,
                                max_input_length=args.max_input_length, max_decoding_length=args.max_decoding_length)
    except Exception as error:
        answer({"event": "failed", "error": f"{type(error).__name__}: {error}"})
        return 2
    answer({"event": "ready", "model": args.model, "version": ctranslate2.__version__, "device": args.device,
            "compute_type": args.compute_type})
    serve(translator, sys.stdin, debug_delay=args.debug_delay)
    return 0


if __name__ == "__main__":
    sys.exit(main())
