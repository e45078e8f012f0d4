// The local fake payment gateway process: `node dist/engine/payment/fake-gateway/main.js`. The supervisor
// runs it when PAYMENT_GATEWAY_URL is unset; tests start it as the 'gateway' role.
import { configOrExit } from '../../platform/config.js';
import { log, setLogRole } from '../../platform/log.js';
import { stopOnSignal } from '../../platform/process/stop-on-signal.js';
import { loadFakeGatewayConfig } from '../payment-config.js';
import { startFakeGateway } from './fake-gateway-server.js';

setLogRole('payment-gateway');
const config = configOrExit(() => loadFakeGatewayConfig(process.env));
const gateway = await startFakeGateway(config);
const { latencyMs, errorRate, declineRate, timeoutRate, tokenTtlSec, seed } = config;
log('info', 'listening', { url: gateway.url, latencyMs, errorRate, declineRate, timeoutRate, tokenTtlSec, seed });

stopOnSignal(() => gateway.stop());
