#!/usr/bin/python3
"""PyTorch side of `npm run bench -- engine`: builds each case exactly as bench/engine.ts does and times
its fwd+bwd steps on request (one JSON request per stdin line, one JSON answer per line). argv[1]: threads."""
import json
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(int(sys.argv[1]))
torch.manual_seed(0)


def leaf(t):
    return t.requires_grad_(True)


def unet(spec, owned):
    depth, ngf, cin_img = spec["depth"], spec["ngf"], spec["x"][1]
    ch = [ngf * min(2 ** i, 8) for i in range(depth)]
    x = torch.randn(spec["x"])

    def w(shape):
        t = leaf(torch.randn(shape) * 0.02)
        owned.append(t)
        return t

    def bn(c):
        p = [leaf(torch.ones(c)), leaf(torch.zeros(c)), torch.zeros(c), torch.ones(c)]
        owned.extend(p[:2])
        return p

    down = [(w([c, ch[i - 1] if i else cin_img, 4, 4]), bn(c) if 0 < i < depth - 1 else None) for i, c in enumerate(ch)]
    up = []
    for i, c in enumerate(ch):
        cin, cout = (c if i == depth - 1 else 2 * c), (ch[i - 1] if i else cin_img)
        b = leaf(torch.zeros(cout)) if i == 0 else None
        if b is not None:
            owned.append(b)
        up.append((w([cin, cout, 4, 4]), b, bn(cout) if i > 0 else None))

    def forward():
        skips, h = [], x
        for i, (wd, n) in enumerate(down):
            if i > 0:
                h = F.leaky_relu(h, 0.2)
            h = F.conv2d(h, wd, None, 2, 1)
            if n:
                h = F.batch_norm(h, n[2], n[3], n[0], n[1], True)
            skips.append(h)
        for i in range(depth - 1, -1, -1):
            wu, b, n = up[i]
            if i < depth - 1:
                h = torch.cat([h, skips[i]], 1)
            h = F.conv_transpose2d(F.relu(h), wu, b, 2, 1)
            if n:
                h = F.batch_norm(h, n[2], n[3], n[0], n[1], True)
        return torch.tanh(h)

    return forward


def build(spec, bf16):
    owned = []
    op = spec["op"]
    if op in ("conv2d", "conv_transpose2d"):
        cin = spec["x"][1]
        x = leaf(torch.randn(spec["x"]))
        wshape = [spec["cout"], cin, spec["k"], spec["k"]] if op == "conv2d" else [cin, spec["cout"], spec["k"], spec["k"]]
        w = leaf(torch.randn(wshape) * 0.02)
        b = leaf(torch.zeros(spec["cout"]))
        owned += [x, w, b]
        fn = F.conv2d if op == "conv2d" else F.conv_transpose2d
        forward = lambda: fn(x, w, b, spec["s"], spec["p"])
    elif op in ("batch_norm", "instance_norm"):
        c = spec["x"][1]
        x = torch.randn(spec["x"])
        x = leaf(x.bfloat16() if bf16 else x)
        owned.append(x)
        if op == "batch_norm":
            weight, bias, rm, rv = leaf(torch.ones(c)), leaf(torch.zeros(c)), torch.zeros(c), torch.ones(c)
            owned += [weight, bias]
            forward = lambda: F.batch_norm(x, rm, rv, weight, bias, True)
        else:
            forward = lambda: F.instance_norm(x)
    else:
        forward = unet(spec, owned)

    def fwd():
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            return forward()

    y = fwd()
    gy = torch.randn(y.shape).to(y.dtype)

    def step():
        fwd().backward(gy)
        for t in owned:
            t.grad = None

    return step, str(y.dtype).replace("torch.", "")


# Requests: {"build": spec, "dtype": "fp32"|"bf16"} makes the current case (answers its output dtype);
# {"steps": n} times n steps of it (answers their wall and process CPU times in ms). The TypeScript side alternates its own steps
# with these, so both see the same load from whatever else runs on the machine.
current = None
for line in sys.stdin:
    req = json.loads(line)
    try:
        if "build" in req:
            current, out_dtype = build(req["build"], req["dtype"] == "bf16")
            reply = {"out_dtype": out_dtype}
        else:
            times, cpu = [], []
            for _ in range(req["steps"]):
                t0, c0 = time.perf_counter(), time.process_time()
                current()
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            reply = {"times": times, "cpu": cpu}
    except Exception as e:  # reported to the TypeScript side, which stops the bench with it
        reply = {"error": str(e).splitlines()[0]}
    print(json.dumps(reply), flush=True)
