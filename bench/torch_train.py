#!/usr/bin/python3
"""PyTorch side of `npm run bench -- train`: one JSON case per stdin line ({model, netG, size, dtype, warmup,
iters}); answers with the median ms of one full optimisation step, in the update order of bench/train.ts
(pix2pix: D then G, vanilla GAN, lambda_L1 100; CycleGAN: G_A+G_B then D_A+D_B, LSGAN, cycle 10, identity 0.5,
no pool). Networks come from test/fixtures/generate_models.py (the same architectures as src/models). argv[1]: threads."""
import json
import os
import sys
import time

import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures'))
from generate_models import build, dspec, gspec  # noqa: E402

torch.set_num_threads(int(sys.argv[1]))


def adam(nets):
    return torch.optim.Adam([p for n in nets for p in n.parameters()], lr=2e-4, betas=(0.5, 0.999))


def frozen(nets, on):
    for n in nets:
        for p in n.parameters():
            p.requires_grad_(on)


def pix2pix_step(case):
    G = build(gspec(case['netG'], 'batch', True))
    D = build(dspec('basic', 'batch', inputNc=6))
    oG, oD = adam([G]), adam([D])
    s = case['size']
    A, B = torch.randn(1, 3, s, s).tanh(), torch.randn(1, 3, s, s).tanh()
    bce, amp = nn.BCEWithLogitsLoss(), case['dtype'] == 'bf16'

    def step():
        with torch.autocast('cpu', dtype=torch.bfloat16, enabled=amp):
            fake = G(A)
        frozen([D], True)
        oD.zero_grad()
        with torch.autocast('cpu', dtype=torch.bfloat16, enabled=amp):
            pf = D(torch.cat([A, fake.float()], 1).detach()).float()
            pr = D(torch.cat([A, B], 1)).float()
        ((bce(pf, torch.zeros_like(pf)) + bce(pr, torch.ones_like(pr))) * 0.5).backward()
        oD.step()
        frozen([D], False)
        oG.zero_grad()
        with torch.autocast('cpu', dtype=torch.bfloat16, enabled=amp):
            pg = D(torch.cat([A, fake.float()], 1)).float()
        (bce(pg, torch.ones_like(pg)) + nn.functional.l1_loss(fake.float(), B) * 100).backward()
        oG.step()
    return step


def cyclegan_step(case):
    G_A, G_B = build(gspec(case['netG'], 'instance', False)), build(gspec(case['netG'], 'instance', False))
    D_A, D_B = build(dspec('basic', 'instance', inputNc=3)), build(dspec('basic', 'instance', inputNc=3))
    oG, oD = adam([G_A, G_B]), adam([D_A, D_B])
    s = case['size']
    A, B = torch.randn(1, 3, s, s).tanh(), torch.randn(1, 3, s, s).tanh()
    mse, l1, amp = nn.MSELoss(), nn.L1Loss(), case['dtype'] == 'bf16'

    def f(net, x):
        with torch.autocast('cpu', dtype=torch.bfloat16, enabled=amp):
            return net(x).float()

    def step():
        fB, fA = f(G_A, A), f(G_B, B)
        rA, rB = f(G_B, fB), f(G_A, fA)
        frozen([D_A, D_B], False)
        oG.zero_grad()
        pa, pb = f(D_A, fB), f(D_B, fA)
        loss = (l1(f(G_A, B), B) * 5 + l1(f(G_B, A), A) * 5 + mse(pa, torch.ones_like(pa)) + mse(pb, torch.ones_like(pb))
                + l1(rA, A) * 10 + l1(rB, B) * 10)
        loss.backward()
        oG.step()
        frozen([D_A, D_B], True)
        oD.zero_grad()
        for D, real, fake in ((D_A, B, fB), (D_B, A, fA)):
            pr, pf = f(D, real), f(D, fake.detach())
            ((mse(pr, torch.ones_like(pr)) + mse(pf, torch.zeros_like(pf))) * 0.5).backward()
        oD.step()
    return step


STEP = None
for line in sys.stdin:
    try:
        msg = json.loads(line)
        if 'build' in msg:  # {build: case, dtype}: make the networks and the step
            torch.manual_seed(0)
            case = dict(msg['build'], dtype=msg['dtype'])
            STEP = (pix2pix_step if case['model'] == 'pix2pix' else cyclegan_step)(case)
            print(json.dumps({'ok': True}), flush=True)
            continue
        times, cpu = [], []  # {steps: n}: run n steps, wall and process-CPU ms of each
        for _ in range(msg['steps']):
            t0, c0 = time.perf_counter(), time.process_time()
            STEP()
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        print(json.dumps({'times': times, 'cpu': cpu}), flush=True)
    except Exception as e:  # report, keep serving
        print(json.dumps({'error': str(e)}), flush=True)
