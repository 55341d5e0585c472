# Adds lock entries for platform-specific optional packages (other OS/CPU builds of DuckDB and
# jieba) that this machine's registry mirror does not serve: npm writes no entry for them, and
# `npm ci` then refuses the lock as out of sync. Usage, after `npm install` changed the lock:
#   npm ci 2>&1 | sed -nE "s/.*Missing: (.*)@ from lock file/\1/p" | xargs python3 .ci/lockfile-optional.py package-lock.json
import json, re, subprocess, sys
lock_path = sys.argv[1]
missing = sys.argv[2:]
lock = json.load(open(lock_path))
pk = lock['packages']
# find version specs from any package's optionalDependencies
spec = {}
for k, v in pk.items():
    for name, ver in (v.get('optionalDependencies') or {}).items():
        spec[name] = ver
def platform(name):
    n = name.split('/')[-1]
    os_ = next((o for o in ['darwin','linux','win32','android','freebsd'] if o in n), None)
    cpu = next((c for c in ['arm64','x64','ia32','arm'] if re.search(r'(^|-)'+c+r'($|-)', n)), None)
    e = {}
    if os_: e['os'] = [os_]
    if cpu: e['cpu'] = [cpu]
    if os_ == 'linux':
        e['libc'] = ['musl'] if 'musl' in n else ['glibc']
    return e
for name in missing:
    key = 'node_modules/' + name
    if key in pk: continue
    entry = {'version': spec[name], 'optional': True}
    entry.update(platform(name))
    pk[key] = entry
lock['packages'] = dict(sorted(pk.items(), key=lambda kv: (kv[0] != '', kv[0])))
json.dump(lock, open(lock_path, 'w'), indent=2)
open(lock_path, 'a').write('\n')
print('added', len(missing))
