# Adds lock entries for platform-specific optional packages (other OS/CPU builds of DuckDB and
# jieba) that this machine's registry mirror does not serve: npm writes no entry for them, and
# `npm ci` then refuses the lock as out of sync. Usage, after `npm install` changed the lock:
#   npm ci 2>&1 | sed -nE "s/.*Missing: (.*)@ from lock file/\1/p" | xargs python3 .ci/lockfile-optional.py package-lock.json
import json, re, subprocess, sys
lock_path = sys.argv[1]
missing = sys.argv[2:]
lock = json.load(open(lock_path))
pk = lock['packages']
order_before = list(pk)
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
    entry = {'optional': True}
    entry.update(platform(name))
    # key order as npm itself writes such an entry (version, then the rest sorted), so a later
    # `npm install` leaves the lock byte-for-byte unchanged
    pk[key] = {'version': spec[name], **dict(sorted(entry.items()))}
# Keep npm's own order of the packages (it collates with localeCompare, which Python's sort does
# not reproduce, e.g. string_decoder vs string-width): each added entry goes among its siblings of
# the same scope, in name order, and everything else stays where npm put it.
added = [k for k in pk if k not in order_before]
ordered = [k for k in order_before]
for key in sorted(added):
    scope = key.rsplit('/', 1)[0] + '/'
    siblings = [i for i, k in enumerate(ordered) if k.startswith(scope) and '/' not in k[len(scope):]]
    later = [i for i in siblings if ordered[i] > key]
    at = later[0] if later else (siblings[-1] + 1 if siblings else len(ordered))
    ordered.insert(at, key)
lock['packages'] = {k: pk[k] for k in ordered}
json.dump(lock, open(lock_path, 'w'), indent=2)
open(lock_path, 'a').write('\n')
print('added', len(missing))
