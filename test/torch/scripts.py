"""Runs Python scripts as `python3 SCRIPT ARGS…` would, many in one process, so that torch is imported once
(~1.2 s of CPU each time) instead of once per script (test/torch/scripts.ts drives it).

Requests on stdin, one JSON object a line: {"script": PATH, "args": [...], "stdin": TEXT}. For each, the script
runs as __main__ (runpy, fresh globals, sys.argv = [PATH, *args], sys.path[0] its folder, sys.stdin reading
TEXT) with its stdout and stderr captured, and the modules it imported from its folder forgotten afterwards, and one JSON line answers on stdout: {"code": EXIT_CODE, "stdout": TEXT, "stderr": TEXT}.
The exit code is what the interpreter would exit with: sys.exit(n) gives n, sys.exit("text") prints the text on
stderr and gives 1, an uncaught exception prints its traceback and gives 1. torch's process-wide default dtype is
put back to a fresh interpreter's (float32) before each script, so no script leans on another's setting.
"""
import contextlib
import io
import json
import os
import runpy
import sys
import traceback

import torch

requests, answers = sys.stdin, sys.stdout
for line in requests:
    req = json.loads(line)
    out, err = io.StringIO(), io.StringIO()
    torch.set_default_dtype(torch.float32)
    sys.argv = [req["script"], *req.get("args", [])]
    folder = os.path.dirname(os.path.abspath(req["script"]))
    sys.path.insert(0, folder)
    sys.stdin = io.StringIO(req.get("stdin", ""))
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                runpy.run_path(req["script"], run_name="__main__")
            except SystemExit as e:
                if e.code is None:
                    code = 0
                elif isinstance(e.code, int):
                    code = e.code
                else:
                    print(e.code, file=sys.stderr)
                    code = 1
            except BaseException:  # noqa: BLE001 -- as the interpreter: the traceback on stderr, exit 1
                traceback.print_exc()
                code = 1
    finally:
        sys.stdin = requests
        sys.path.remove(folder)
        for name, module in list(sys.modules.items()):
            if os.path.dirname(os.path.abspath(getattr(module, "__file__", None) or "/")) == folder:
                del sys.modules[name]
    answers.write(json.dumps({"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}) + "\n")
    answers.flush()
