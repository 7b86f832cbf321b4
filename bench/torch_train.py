#!/usr/bin/python3
"""PyTorch side of `npm run bench -- train`: the pix2pix, CycleGAN, SRGAN x4 and UNIT optimisation steps (the
losses and update order of test/fixtures/generate_train.py) on the full-size networks of the papers (the
classes in test/fixtures/generate_models.py), and generator inference; timed on request, one JSON request
per stdin line, one JSON answer per line. argv[1]: threads."""
import json
import os
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures'))
from generate_models import UnitD, UnitTranslator, build  # noqa: E402  (the reference networks, written from the papers)

torch.set_num_threads(int(sys.argv[1]))
torch.manual_seed(0)


def init_normal(net):
    """The reference's 'normal' init (gain 0.02), as tessera's initWeights does it."""
    for m in net.modules():
        if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)):
            nn.init.normal_(m.weight, 0.0, 0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.normal_(m.weight, 1.0, 0.02)
            nn.init.zeros_(m.bias)
    return net


def gspec(netG, norm, dropout):
    return dict(netG=netG, inputNc=3, outputNc=3, ngf=64, norm=norm, dropout=dropout)


def dspec(norm, cin):
    return dict(netD='basic', inputNc=cin, ndf=64, norm=norm, nLayers=3)


def requires_grad(nets, on):
    for n in nets:
        for p in n.parameters():
            p.requires_grad_(on)


def adam(nets):
    return torch.optim.Adam([p for n in nets for p in n.parameters()], lr=2e-4, betas=(0.5, 0.999))


def image(side):
    return torch.randn(1, 3, side, side).tanh()


def pix2pix(bf16, side):
    G, D = init_normal(build(gspec('unet_256', 'batch', True))), init_normal(build(dspec('batch', 6)))
    optG, optD = adam([G]), adam([D])
    A, B = image(side), image(side)
    bce = nn.BCEWithLogitsLoss()

    def amp(fn):
        with torch.autocast('cpu', dtype=torch.bfloat16, enabled=bf16):
            return fn()

    def step():
        fake = amp(lambda: G(A))
        requires_grad([D], True)
        optD.zero_grad(set_to_none=True)
        pf = amp(lambda: D(torch.cat([A, fake.detach().to(A.dtype)], 1))).float()
        d_fake = bce(pf, torch.zeros_like(pf))
        pr = amp(lambda: D(torch.cat([A, B], 1))).float()
        d_real = bce(pr, torch.ones_like(pr))
        ((d_fake + d_real) * 0.5).backward()
        optD.step()
        requires_grad([D], False)
        optG.zero_grad(set_to_none=True)
        pg = amp(lambda: D(torch.cat([A, fake.to(A.dtype)], 1))).float()
        g_gan = bce(pg, torch.ones_like(pg))
        g_l1 = F.l1_loss(fake.float(), B) * 100
        (g_gan + g_l1).backward()
        optG.step()
        requires_grad([D], True)
        return [g_gan.item(), g_l1.item(), d_real.item(), d_fake.item()]

    return step


class Pool:
    """The reference's image pool (50 images): fills first, then returns a stored image half the time."""

    def __init__(self, size=50):
        self.size, self.images = size, []

    def query(self, x):
        if len(self.images) < self.size:
            self.images.append(x.clone())
            return x
        if torch.rand(1).item() > 0.5:
            i = int(torch.randint(0, self.size, (1,)).item())
            old, self.images[i] = self.images[i].clone(), x.clone()
            return old
        return x


def cyclegan(bf16, side):
    G_A, G_B = (init_normal(build(gspec('resnet_9blocks', 'instance', False))) for _ in range(2))
    D_A, D_B = (init_normal(build(dspec('instance', 3))) for _ in range(2))
    optG, optD = adam([G_A, G_B]), adam([D_A, D_B])
    A, B = image(side), image(side)
    pool_A, pool_B = Pool(), Pool()
    mse, l1 = nn.MSELoss(), nn.L1Loss()

    def f(net, x):
        with torch.autocast('cpu', dtype=torch.bfloat16, enabled=bf16):
            return net(x).float()

    def d_basic(D, real, fake):
        pr = f(D, real)
        pf = f(D, fake.detach())
        loss = (mse(pr, torch.ones_like(pr)) + mse(pf, torch.zeros_like(pf))) * 0.5
        loss.backward()
        return loss.item()

    def step():
        fake_B = f(G_A, A)
        rec_A = f(G_B, fake_B)
        fake_A = f(G_B, B)
        rec_B = f(G_A, fake_A)
        requires_grad([D_A, D_B], False)
        optG.zero_grad(set_to_none=True)
        idt_A = l1(f(G_A, B), B) * 10 * 0.5
        idt_B = l1(f(G_B, A), A) * 10 * 0.5
        pa, pb = f(D_A, fake_B), f(D_B, fake_A)
        g_A, g_B = mse(pa, torch.ones_like(pa)), mse(pb, torch.ones_like(pb))
        cyc_A, cyc_B = l1(rec_A, A) * 10, l1(rec_B, B) * 10
        (g_A + g_B + cyc_A + cyc_B + idt_A + idt_B).backward()
        optG.step()
        requires_grad([D_A, D_B], True)
        optD.zero_grad(set_to_none=True)
        d_A = d_basic(D_A, B, pool_B.query(fake_B.detach()))
        d_B = d_basic(D_B, A, pool_A.query(fake_A.detach()))
        optD.step()
        return [d_A, g_A.item(), cyc_A.item(), idt_A.item(), d_B, g_B.item(), cyc_B.item(), idt_B.item()]

    return step


def amp_call(bf16, fn, *args):
    with torch.autocast('cpu', dtype=torch.bfloat16, enabled=bf16):
        return fn(*args).float()


def srgan(bf16, side, batch):
    """SRGAN's adversarial step (src/train/srgan.ts): HR crops bicubic-downsampled x4 each step, D first (BCE),
    then G on pixel MSE + 1e-3 BCE; SRResNet 16 blocks x4 and the paper's discriminator; Adam 1e-4, beta1 0.9."""
    G = init_normal(build(dict(netG='srresnet_16blocks_x4', inputNc=3, outputNc=3, ngf=64, norm='batch', dropout=False)))
    D = init_normal(build(dict(netD='srgan', inputNc=3, ndf=64, norm='batch', nLayers=3)))
    optG = torch.optim.Adam(G.parameters(), lr=1e-4, betas=(0.9, 0.999))
    optD = torch.optim.Adam(D.parameters(), lr=1e-4, betas=(0.9, 0.999))
    HR = torch.randn(batch, 3, side, side).tanh()
    bce, mse = nn.BCEWithLogitsLoss(), nn.MSELoss()

    def step():
        lr = F.interpolate(HR, size=(side // 4, side // 4), mode='bicubic', align_corners=False, antialias=True)
        sr = amp_call(bf16, G, lr)
        requires_grad([D], True)
        optD.zero_grad(set_to_none=True)
        pr, pf = amp_call(bf16, D, HR), amp_call(bf16, D, sr.detach())
        d_real, d_fake = bce(pr, torch.ones_like(pr)), bce(pf, torch.zeros_like(pf))
        (d_real + d_fake).backward()
        optD.step()
        requires_grad([D], False)
        optG.zero_grad(set_to_none=True)
        content = mse(sr, HR)
        pg = amp_call(bf16, D, sr)
        adv = bce(pg, torch.ones_like(pg)) * 1e-3
        (content + adv).backward()
        optG.step()
        requires_grad([D], True)
        return [d_real.item(), d_fake.item(), adv.item(), content.item()]

    return step


def unit(bf16, side):
    """UNIT's step (src/train/unit.ts): translators of 64 filters sharing the latent blocks, discriminators of
    5 stride-2 convs; D_A + D_B first, then both translators on the VAE, GAN and cycle terms; Adam 1e-4 (0.5, 0.999)."""
    G_AB = init_normal(UnitTranslator(3, 3, 64, 'instance'))
    G_BA = init_normal(UnitTranslator(3, 3, 64, 'instance', share=G_AB))
    D_A, D_B = init_normal(UnitD(3, 64, 5)), init_normal(UnitD(3, 64, 5))

    def unique(*nets):
        return list({id(p): p for n in nets for p in n.parameters()}.values())
    optG = torch.optim.Adam(unique(G_AB, G_BA), lr=1e-4, betas=(0.5, 0.999))
    optD = torch.optim.Adam(unique(D_A, D_B), lr=1e-4, betas=(0.5, 0.999))
    A, B = image(side), image(side)
    bce, l1 = nn.BCEWithLogitsLoss(), nn.L1Loss()
    l0, l1w, l2, l3, l4 = 10.0, 0.1, 100.0, 0.1, 100.0

    def E_A(x): return amp_call(bf16, G_AB.encode, x)
    def E_B(x): return amp_call(bf16, G_BA.encode, x)
    def G_A(z): return amp_call(bf16, G_BA.decode, z)
    def G_B(z): return amp_call(bf16, G_AB.decode, z)
    def sample(mu): return mu + torch.randn(mu.shape)
    def kl(mu): return (mu ** 2).mean() * 0.5

    def d_loss(D, real, fake):
        pr, pf = amp_call(bf16, D, real), amp_call(bf16, D, fake.detach())
        return (bce(pr, torch.ones_like(pr)) + bce(pf, torch.zeros_like(pf))) * l0

    def step():
        mu_a, mu_b = E_A(A), E_B(B)
        z_a, z_b = sample(mu_a), sample(mu_b)
        fake_B, fake_A = G_B(z_a), G_A(z_b)
        rec_A, rec_B = G_A(z_a), G_B(z_b)
        mu_ab, mu_ba = E_B(fake_B), E_A(fake_A)
        cyc_A, cyc_B = G_A(sample(mu_ab)), G_B(sample(mu_ba))
        requires_grad([D_A, D_B], True)
        optD.zero_grad(set_to_none=True)
        d_a, d_b = d_loss(D_A, A, fake_A), d_loss(D_B, B, fake_B)
        (d_a + d_b).backward()
        optD.step()
        requires_grad([D_A, D_B], False)
        optG.zero_grad(set_to_none=True)
        pb, pa = amp_call(bf16, D_B, fake_B), amp_call(bf16, D_A, fake_A)
        gan = (bce(pb, torch.ones_like(pb)) + bce(pa, torch.ones_like(pa))) * l0
        kls = (kl(mu_a) + kl(mu_b)) * l1w + (kl(mu_a) + kl(mu_ab) + kl(mu_b) + kl(mu_ba)) * l3
        recs = (l1(rec_A, A) + l1(rec_B, B)) * l2 + (l1(cyc_A, A) + l1(cyc_B, B)) * l4
        (gan + kls + recs).backward()
        optG.step()
        requires_grad([D_A, D_B], True)
        return [d_a.item(), d_b.item(), gan.item()]

    return step


def infer(netG, bf16, side):
    norm = 'batch' if netG.startswith('unet') else 'instance'
    G = init_normal(build(gspec(netG, norm, False))).eval()
    x = image(side)

    def step():
        with torch.no_grad(), torch.autocast('cpu', dtype=torch.bfloat16, enabled=bf16):
            return G(x).float().sum().item()

    return step


def adam_only(model):
    """torch.optim.Adam (its default CPU path: parameter by parameter) over pix2pix's G + D, gradients fixed."""
    nets = [init_normal(build(gspec('unet_256', 'batch', True))), init_normal(build(dspec('batch', 6)))]
    for n in nets:
        for p in n.parameters():
            p.grad = torch.randn_like(p)
    opt = adam(nets)
    return opt.step


def make(spec, bf16):
    if spec['op'] == 'adam':
        return adam_only(spec['model'])
    if spec['op'] == 'pix2pix':
        return pix2pix(bf16, spec['side'])
    if spec['op'] == 'cyclegan':
        return cyclegan(bf16, spec['side'])
    if spec['op'] == 'srgan':
        return srgan(bf16, spec['side'], spec['batch'])
    if spec['op'] == 'unit':
        return unit(bf16, spec['side'])
    return infer(spec['netG'], bf16, spec['side'])


# Requests: {"build": spec, "dtype": "fp32"|"bf16"} makes the current case; {"steps": n} times n steps
# of it (answers their wall and process CPU times in ms); {"profile": n} runs n steps under the autograd
# profiler (RecordFunction, as tessera's profileOps) and answers per-op [name, count, self ms, total ms]. The TypeScript side alternates its own steps with
# these, so both see the same load from whatever else runs on the machine.
current = None
for line in sys.stdin:
    req = json.loads(line)
    try:
        if 'build' in req:
            current = None
            torch.manual_seed(0)
            current = make(req['build'], req['dtype'] == 'bf16')
            reply = {'ok': True}
        elif 'profile' in req:
            with torch.autograd.profiler.profile() as prof:
                t0 = time.perf_counter()
                for _ in range(req['profile']):
                    current()
                wall = (time.perf_counter() - t0) * 1000
            ops = [[e.key, e.count, e.self_cpu_time_total / 1000, e.cpu_time_total / 1000] for e in prof.key_averages()]
            reply = {'ops': ops, 'wallMs': wall}
        else:
            times, cpu = [], []
            for _ in range(req['steps']):
                t0, c0 = time.perf_counter(), time.process_time()
                current()
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            reply = {'times': times, 'cpu': cpu}
    except Exception as e:  # reported to the TypeScript side, which stops the bench with it
        reply = {'error': str(e).splitlines()[0]}
    print(json.dumps(reply), flush=True)
