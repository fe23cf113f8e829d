// Names of positions and candidates for the views that only hold their ids, fetched once each.
export function createNames(api) {
  const cache = new Map();
  const lookup = (kind, get, pick) => (id) => {
    const key = `${kind}:${id}`;
    if (!cache.has(key)) cache.set(key, get(id).then(pick, () => null));
    return cache.get(key);
  };
  return {
    position: lookup('position', api.getPosition, (p) => p.title),
    candidate: lookup('candidate', api.getCandidate, (c) => c.name),
    // Seeds the cache with what a list already fetched.
    remember(kind, id, name) { cache.set(`${kind}:${id}`, Promise.resolve(name)); },
  };
}
