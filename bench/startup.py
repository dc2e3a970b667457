#!/usr/bin/env python3
"""Start-up benchmark: process start to the first frame showing the data.

Runs under a display (xvfb-run). For each case, the median of N runs of the
wall time from spawning the process to its "first-frame" line, and the peak
RSS, side by side with a bare AdwApplication window in the same run:

  (a) first start on an empty cache: the bundled sample is ingested
  (b) a later start on the sample
  (c) a generated cache of 100,000 companies and 2,000,000 observations

Usage: xvfb-run -a python3 bench/startup.py BUILDDIR [--runs 5] [--companies N --observations M]
       [--big-data-home DIR]   (reuse a cache made earlier with heeyu --import)
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def run_once(cmd, env):
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    elapsed = None
    for line in proc.stdout:
        if line.strip() == b'first-frame':
            elapsed = time.monotonic() - start
            break
    _, status, usage = os.wait4(proc.pid, 0)
    if elapsed is None or os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f'{cmd[0]} did not report a first frame (status {status})')
    return elapsed, usage.ru_maxrss / 1024.0  # MiB


def measure(cmd, env, runs, prepare=None):
    times, rss = [], []
    for _ in range(runs):
        if prepare:
            prepare()
        t, m = run_once(cmd, env)
        times.append(t)
        rss.append(m)
    return statistics.median(times), statistics.median(rss)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('builddir')
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--companies', type=int, default=100000)
    ap.add_argument('--observations', type=int, default=2000000)
    ap.add_argument('--big-data-home', help='reuse an XDG_DATA_HOME that already holds the large cache')
    args = ap.parse_args()

    build = os.path.abspath(args.builddir)
    heeyu = os.path.join(build, 'app', 'heeyu')
    minimal = os.path.join(build, 'bench', 'bench-minimal-window')
    datagen = os.path.join(build, 'bench', 'heeyu-datagen')
    work = tempfile.mkdtemp(prefix='heeyu-bench-')

    base = dict(os.environ)
    base.update({
        'GSETTINGS_BACKEND': 'memory',
        'GSETTINGS_SCHEMA_DIR': os.path.join(build, 'resources'),
        'GTK_A11Y': 'none',
        'HEEYU_BENCH_FIRST_FRAME': '1',
        'HOME': work,
        'XDG_CACHE_HOME': os.path.join(work, 'cache'),
    })

    fresh_home = os.path.join(work, 'fresh')
    sample_home = os.path.join(work, 'sample')
    big_home = os.path.join(work, 'big')

    def fresh():
        shutil.rmtree(fresh_home, ignore_errors=True)
        os.makedirs(fresh_home)

    # (b) and (c) need their caches made once, outside the timing.
    env = dict(base, XDG_DATA_HOME=sample_home)
    subprocess.run([heeyu, '--status'], env=env, check=True, stdout=subprocess.DEVNULL)
    if args.big_data_home:
        big_home = os.path.abspath(args.big_data_home)
    else:
        big_file = os.path.join(work, 'big.ndjson.gz')
        t0 = time.monotonic()
        subprocess.run([datagen, '--companies', str(args.companies), '--observations',
                        str(args.observations), '--output', big_file], check=True)
        t1 = time.monotonic()
        env = dict(base, XDG_DATA_HOME=big_home)
        subprocess.run([heeyu, '--import', big_file], env=env, check=True, stdout=subprocess.DEVNULL)
        t2 = time.monotonic()
        print(f'generated {args.companies} companies / {args.observations} observations in {t1 - t0:.1f} s, '
              f'imported in {t2 - t1:.1f} s', file=sys.stderr)

    print(f'| renderer | case | median s | × bare window | peak RSS MiB | RSS above bare window MiB |')
    print(f'| --- | --- | --- | --- | --- | --- |')
    for renderer in ('default', 'cairo'):
        env = dict(base)
        if renderer == 'cairo':
            env['GSK_RENDERER'] = 'cairo'
        else:
            env.pop('GSK_RENDERER', None)
        floor_t, floor_m = measure([minimal], env, args.runs)
        print(f'| {renderer} | bare AdwApplication window | {floor_t:.3f} | 1.00 | {floor_m:.0f} | 0 |')
        cases = [
            ('(a) first start, empty cache', fresh_home, fresh),
            ('(b) later start, sample', sample_home, None),
            (f'(c) {args.companies:,} companies, {args.observations:,} observations', big_home, None),
        ]
        for name, home, prepare in cases:
            t, m = measure([heeyu], dict(env, XDG_DATA_HOME=home), args.runs, prepare)
            print(f'| {renderer} | {name} | {t:.3f} | {t / floor_t:.2f} | {m:.0f} | {m - floor_m:.0f} |')
        sys.stdout.flush()

    shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()
