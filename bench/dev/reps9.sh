#!/bin/bash
# mean over the full set + eight 90 % hash subsamples (keepSeed 1..8)
v="$1"; sets="${2:-shopping,vehicle,sample-zh,sample-en}"
for r in full 1 2 3 4 5 6 7 8; do
  if [ $r = full ]; then vv="$v"; else vv=$(python3 -c "import json,sys;d=json.loads(sys.argv[1]);d.update(keep=0.9,keepSeed=$r);print(json.dumps(d))" "$v"); fi
  npx node bench/dev/harness.ts "$vv" $sets 2>&1 | grep NMI | sed "s/^/$r /"
done | python3 -c "
import sys,re,collections
acc=collections.defaultdict(list)
for l in sys.stdin:
    p=l.split(); name=p[1]; k=int(p[3]); nm=[float(x) for x in re.findall(r'NMI ([0-9.]+)(?: / ([0-9.]+))?',l)[0] if x]
    un=float(re.findall(r'un ([0-9.]+)%',l)[0])
    acc[name].append((k,nm,un))
for n,v in acc.items():
    print(f'{n:10s} full k {v[0][0]:3d} nmi {v[0][1]} mean9', [round(sum(x[1][i] for x in v)/len(v),4) for i in range(len(v[0][1]))], 'un', round(sum(x[2] for x in v)/len(v),1), 'ks', [x[0] for x in v])
"
