"""OWSLib against our OGC API – Features service.

Usage: owslib_check.py SERVICE_URL COLLECTION_ID
Reads the landing page, api(), conformance, collections, one collection and its items with
limit, bbox, datetime and a CQL2 filter; prints a JSON report for the vitest test.
"""
import json
import sys

from owslib.ogcapi.features import Features

url, cid = sys.argv[1], sys.argv[2]
w = Features(url)
api = w.api()
out = {
    'title': w.title if hasattr(w, 'title') else None,
    'links': [l['rel'] for l in w.links],
    'apiPaths': sorted(api['paths'].keys()),
    'conformance': w.conformance()['conformsTo'],
    'collections': [c['id'] for c in w.collections()['collections']],
    'collection': w.collection(cid)['id'],
    'queryables': sorted(w.collection_queryables(cid)['properties'].keys()),
}
all_items = w.collection_items(cid, limit=10000)
out['all'] = [f['id'] for f in all_items['features']]
out['limit1'] = [f['id'] for f in w.collection_items(cid, limit=1)['features']]
out['limit1Matched'] = w.collection_items(cid, limit=1)['numberMatched']
out['bbox'] = [f['id'] for f in w.collection_items(cid, bbox=json.loads(sys.argv[3]), limit=10000)['features']]
out['datetimeAll'] = len(w.collection_items(cid, **{'datetime': '2000-01-01T00:00:00Z/..'}, limit=10000)['features'])
out['datetimeNone'] = len(w.collection_items(cid, **{'datetime': '../2000-01-01T00:00:00Z'}, limit=10000)['features'])
out['filter'] = [f['id'] for f in w.collection_items(cid, filter=sys.argv[4], limit=10000)['features']]
print(json.dumps(out))
