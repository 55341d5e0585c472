import re,sys
def models(tag):
    out={}
    for l in open(f'/tmp/a14-ab/{tag}.err',encoding='utf8'):
        m=re.match(r'^\s+(\w+)\s+(view|table|incremental|incr\w*)\s+(\d+) rows ([\d.]+) (ms|s) \(cpu ([\d.]+) (ms|s)\)(.*)',l)
        if m:
            cpu=float(m.group(6))*(1 if m.group(7)=='s' else 0.001)
            out[m.group(1)]=(cpu,m.group(8).strip())
    return out
tags=sys.argv[1:]
ms=[models(t) for t in tags]
names=list(ms[0].keys())
for t,m in zip(tags,ms):
    tm=open(f'/tmp/a14-ab/{t}.time').read().split()
    print(f'{t}: wall {tm[0]} CPU {float(tm[1])+float(tm[2]):.2f} modelCPU {sum(c for c,_ in m.values()):.2f} kept {sum(1 for c,n in m.values() if "kept" in n)}')
if len(ms)==2:
    rows=sorted(names,key=lambda n:-ms[0][n][0])
    for n in rows[:40]:
        a=ms[0].get(n,(0,''));b=ms[1].get(n,(0,''))
        print(f'{n:34s} {a[0]:6.2f} {b[0]:6.2f} {b[1][:40]}')
