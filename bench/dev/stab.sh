#!/bin/bash
# ARI between a cold fit on 95 % and one on 100 % (common docs)
v="$1"; sets="${2:-shopping,vehicle}"
vv=$(python3 -c "import json,sys;d=json.loads(sys.argv[1]);d.update(keep=0.95,keepSeed=int(sys.argv[2]));print(json.dumps(d))" "$v" ${SEED:-11})
SAVE=s95 npx node bench/dev/harness.ts "$vv" $sets >/dev/null 2>&1
SAVE=s100 npx node bench/dev/harness.ts "$v" $sets >/dev/null 2>&1
python3 - $sets <<'PY'
import json,sys,collections
def ari(a,b):
    c2=lambda x:x*(x-1)/2;n=len(a)
    idx=sum(c2(v) for v in collections.Counter(zip(a,b)).values())
    sa=sum(c2(v) for v in collections.Counter(a).values());sb=sum(c2(v) for v in collections.Counter(b).values())
    e=sa*sb/c2(n);m=(sa+sb)/2
    return (idx-e)/(m-e)
for s in sys.argv[1].split(','):
    a=json.load(open(f'/tmp/clh/pred-{s}-s95.json'));b=json.load(open(f'/tmp/clh/pred-{s}-s100.json'))
    ids=list(a)
    print(s,'ARI 95/100',round(ari([a[i] for i in ids],[b[i] for i in ids]),3), 'k', len(set(a.values())), len(set(b.values())))
PY
