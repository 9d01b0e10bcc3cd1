"""Load a model and generate with the build environment's llama.cpp; print the CPU variant.

    qemu-x86_64 -cpu Westmere VENV/bin/python packaging/cpu_check.py MODEL

Run under an emulated older CPU (Westmere: SSE4.2, no AVX) it shows that the bundle's
llama.cpp picks a CPU variant the processor can run instead of stopping on an illegal
instruction. Exit code 0 when text was generated.
"""

import sys

from llama_cpp import Llama

from writer_app.engine.devices import load_backends, read_hardware


def main() -> None:
    load_backends()
    features = " ".join(read_hardware().cpu_features)
    llm = Llama(model_path=sys.argv[1], n_ctx=256, verbose=False)
    result = llm("The quick brown fox", max_tokens=8, temperature=0)
    generated = result["usage"]["completion_tokens"]
    print(f"cpu check: {generated} tokens generated with CPU features: {features}")
    sys.exit(0 if generated else 1)


if __name__ == "__main__":
    main()
