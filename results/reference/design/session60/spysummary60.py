"""Session 60: share of py-spy samples per innermost frame (own time) in a `py-spy record -f raw` file.
Usage: python spysummary60.py RAW [N]"""
import sys
from collections import Counter

own, total = Counter(), 0
for line in open(sys.argv[1]):
    stack, count = line.rsplit(" ", 1)
    own[stack.split(";")[-1]] += int(count)
    total += int(count)
print(f"{total} samples")
for frame, count in own.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 12):
    print(f"{count / total:6.1%}  {frame}")
