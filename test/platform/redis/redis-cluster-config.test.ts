// Which Redis the roles build a client for: REDIS_CLUSTER_NODES or a redis+cluster:// REDIS_URL name
// the seeds of a cluster (with credentials in the URL form); anything else is one Redis at REDIS_URL.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../../engine/platform/config.js';
import { createRedis, isCluster } from '../../../engine/platform/redis/redis-client.js';

const load = (env: NodeJS.ProcessEnv) => loadConfig({ REDIS_URL: '', REDIS_CLUSTER_NODES: '', ...env });

describe('redis cluster configuration', () => {
  it('redis cluster config - one Redis unless a cluster is named', () => {
    assert.equal(load({}).redisCluster, null);
    assert.equal(load({ REDIS_URL: 'redis://:secret@cache:6380/2' }).redisCluster, null);
  });

  it('redis cluster config - REDIS_CLUSTER_NODES lists the seeds, IPv6 in brackets', () => {
    assert.deepEqual(load({ REDIS_CLUSTER_NODES: 'r1:7001, r2:7002,[::1]:7003' }).redisCluster, {
      nodes: [{ host: 'r1', port: 7001 }, { host: 'r2', port: 7002 }, { host: '::1', port: 7003 }],
    });
  });

  it('redis cluster config - a redis+cluster:// URL gives seeds and credentials; REDIS_CLUSTER_NODES wins', () => {
    assert.deepEqual(load({ REDIS_URL: 'redis+cluster://app:p%40ss@r1:7001,r2:7002' }).redisCluster, {
      nodes: [{ host: 'r1', port: 7001 }, { host: 'r2', port: 7002 }],
      username: 'app',
      password: 'p@ss',
    });
    assert.deepEqual(load({ REDIS_URL: 'redis+cluster://:secret@r1:7001' }).redisCluster, { nodes: [{ host: 'r1', port: 7001 }], password: 'secret' });
    assert.deepEqual(load({ REDIS_URL: 'redis+cluster://r1:7001', REDIS_CLUSTER_NODES: 'r9:7009' }).redisCluster, { nodes: [{ host: 'r9', port: 7009 }] });
  });

  it('redis cluster config - a seed without a valid port is refused at start', () => {
    for (const nodes of ['r1', 'r1:0', 'r1:70000', 'r1:7001,', ':7001']) {
      assert.throws(() => load({ REDIS_CLUSTER_NODES: nodes }), /REDIS_CLUSTER_NODES must list host:port seeds/, nodes);
    }
    assert.throws(() => load({ REDIS_URL: 'redis+cluster://r1:7001/2' }), /REDIS_URL must read redis\+cluster:\/\//);
    assert.throws(() => load({ REDIS_URL: 'redis+cluster://' }), /REDIS_URL must read redis\+cluster:\/\//);
  });

  it('redis cluster config - createRedis builds a Cluster for a cluster, one Redis otherwise', () => {
    const cluster = createRedis(load({ REDIS_CLUSTER_NODES: '127.0.0.1:1' }), { lazyConnect: true });
    const single = createRedis(load({}), { lazyConnect: true });
    try {
      assert.equal(isCluster(cluster), true);
      assert.equal(isCluster(single), false);
    } finally {
      cluster.disconnect();
      single.disconnect();
    }
  });
});
