#!/usr/bin/env python3
"""Prints EXP2_64, the table 2^(j/64), j = 0..63, correctly rounded to doubles (mpmath at 50 digits), for
src/estimators/mixture/emMath.ts. Literals rather than Math.pow(2, j/64): V8's pow is off by one ulp in 9 of the 64.
Run: python3 scripts/exp-table.py"""
import mpmath

mpmath.mp.dps = 50
values = [repr(float(mpmath.power(2, mpmath.mpf(j) / 64))) for j in range(64)]
for i in range(0, 64, 4):
    print('  ' + ', '.join(values[i:i + 4]) + ',')
