#!/usr/bin/python3
"""PyTorch side of `npm run bench -- restore`: the mosaic restorer's generator (src/models/restorer.ts, or
the per-cell one of src/models/cell-restorer.ts) built in PyTorch — the reference U-Net of test/fixtures/generate_models.py (7 in, 3 out, batch norm, no dropout)
as a residual over input channels 0-2, composited by the mask in channel 6 — with the same weights read
from the tessera checkpoint. One JSON request per stdin line, one JSON answer per line. argv[1]: threads.

Requests: {"build": {"model": FILE, "side": S}, "dtype": "fp32"|"bf16"} makes the case;
{"check": FILE} runs the case on the `input` tensor in FILE and answers the max |difference| to its
`output` tensor (tessera's result on the same input); {"steps": n} times n forward passes."""
import json
import math
import os
import struct
import sys
import time

import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures'))
from generate_models import CellRestorer, Unet  # noqa: E402  (the reference networks, written from the papers)

torch.set_num_threads(int(sys.argv[1]))

DTYPES = {'F32': torch.float32, 'F16': torch.float16, 'BF16': torch.bfloat16, 'F64': torch.float64, 'I64': torch.int64}


def read_safetensors(path):
    """Tensors and metadata of a safetensors file (no safetensors package on Debian's python3-torch)."""
    with open(path, 'rb') as f:
        n = struct.unpack('<Q', f.read(8))[0]
        header = json.loads(f.read(n))
        blob = bytearray(f.read())
    meta = header.pop('__metadata__', {})
    tensors = {}
    for name, h in header.items():
        a, b = h['data_offsets']
        dtype = DTYPES[h['dtype']]
        t = torch.frombuffer(blob[a:b], dtype=dtype) if b > a else torch.empty(0, dtype=dtype)
        tensors[name] = t.reshape(h['shape']).clone()
    return tensors, meta


class ResidualUnet(nn.Module):
    """inside * clamp(unet(x) + bicubic, -1, 1) + (1 - inside) * mosaic, as ResidualUnetGenerator."""

    def __init__(self, in_nc, out_nc, downs, ngf, norm):
        super().__init__()
        self.out_nc = out_nc
        self.unet = Unet(in_nc, out_nc, downs, ngf=ngf, norm=norm, dropout=False)

    def forward(self, x):
        n = self.out_nc
        base, mosaic = x[:, :n], x[:, n:2 * n]
        inside = (x[:, 2 * n:2 * n + 1] + 1) * 0.5
        restored = (self.unet(x) + base).clamp(-1, 1)
        return (restored - mosaic) * inside + mosaic


def load_restorer(path):
    tensors, meta = read_safetensors(path)
    spec = json.loads(meta['tessera.arch'])
    if spec['netG'].startswith('restorer_cells_'):
        blocks = int(spec['netG'][len('restorer_cells_'):-len('blocks')])
        net = CellRestorer(spec['inputNc'], spec['outputNc'], blocks, spec['ngf'])
    else:
        side = int(spec['netG'].rsplit('_', 1)[1])
        net = ResidualUnet(spec['inputNc'], spec['outputNc'], int(math.log2(side)), spec['ngf'], spec['norm'])
    state = {k: (v if v.dtype == torch.int64 else v.float()) for k, v in tensors.items()}
    net.load_state_dict(state, strict=True)
    return net.eval()


def make(spec, bf16):
    net = load_restorer(spec['model'])
    x = torch.randn(1, 7, spec['side'], spec['side']).tanh()
    x[:, 6] = -1
    q = spec['side'] // 4
    x[:, 6, q:3 * q, q:3 * q] = 1

    def forward(inp):
        with torch.no_grad(), torch.autocast('cpu', dtype=torch.bfloat16, enabled=bf16):
            return net(inp).float()

    return forward, x


current = None
for line in sys.stdin:
    req = json.loads(line)
    try:
        if 'build' in req:
            current = None
            torch.manual_seed(0)
            current = make(req['build'], req['dtype'] == 'bf16')
            reply = {'ok': True}
        elif 'check' in req:
            tensors, _ = read_safetensors(req['check'])
            forward, _ = current
            diff = (forward(tensors['input'].float()) - tensors['output'].float()).abs().max().item()
            reply = {'max_abs_diff': diff}
        else:
            forward, x = current
            times, cpu = [], []
            for _ in range(req['steps']):
                t0, c0 = time.perf_counter(), time.process_time()
                forward(x).sum().item()
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            reply = {'times': times, 'cpu': cpu}
    except Exception as e:  # reported to the TypeScript side, which stops the bench with it
        reply = {'error': str(e).splitlines()[0]}
    print(json.dumps(reply), flush=True)
