// OpenTelemetry tracing, off unless configured. With tracing off the hot path pays one boolean test and
// allocates nothing. Parents are passed explicitly, with no context manager: on Node 20 an
// AsyncLocalStorage context manager taxes every promise of the process, sampled or not (bench:tracing
// measured 16 % at 1 % sampling with it). Unsampled work creates one non-recording span and nothing more.
// Trace context crosses processes as W3C `traceparent`: in HTTP headers, inside each JetStream ticket
// record (a micro-batch carries many traces, one header could hold only one), and in push message headers.
import { propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Link, type Span } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type SpanExporter,
} from '@opentelemetry/sdk-trace-base';
import type { EngineConfig } from './config.js';

let enabled = false;
let sampleRatio = 1;
let provider: BasicTracerProvider | undefined;
const tracer = () => trace.getTracer('gopang-engine');

export function tracingOn(): boolean {
  return enabled;
}

/**
 * Starts tracing for this process when the config asks for it, or always when a test hands in its own
 * exporter (spans are then exported synchronously, so the test sees them at once).
 */
export function startTracing(serviceName: string, config: EngineConfig['tracing'], testExporter?: SpanExporter): void {
  if (config.exporter === 'off' && !testExporter) return;
  const processor = testExporter
    ? new SimpleSpanProcessor(testExporter)
    : new BatchSpanProcessor(new OTLPTraceExporter({ url: `${config.otlpEndpoint}/v1/traces` }));
  provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
    spanProcessors: [processor],
  });
  trace.setGlobalTracerProvider(provider);
  sampleRatio = config.sampleRatio;
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  enabled = true;
}

export async function stopTracing(): Promise<void> {
  if (!provider) return;
  await provider.shutdown();
  trace.disable();
  propagation.disable();
  provider = undefined;
  enabled = false;
}

/** The context a `traceparent` value describes (the root context when there is none). */
export function contextFrom(traceparent: string | undefined): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : ROOT_CONTEXT;
}

/** The `traceparent` of a span, only when it is sampled (unsampled work carries nothing downstream). */
export function traceparentOf(span: Span | undefined): string | undefined {
  if (!span || !span.isRecording()) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(trace.setSpan(ROOT_CONTEXT, span), carrier);
  return carrier.traceparent;
}

/**
 * The span of an incoming request, or undefined when it is not sampled. The head-sampling decision is
 * made here, before any span or id exists, so an unsampled request costs one Math.random(); a request
 * that arrives with a traceparent follows its caller's decision (ParentBased).
 */
export function startServerSpan(name: string, traceparent: string | undefined): Span | undefined {
  if (!enabled || (!traceparent && Math.random() >= sampleRatio)) return undefined;
  return startSpan(name, contextFrom(traceparent), SpanKind.SERVER);
}

export function startSpan(name: string, parent: Context, kind: SpanKind = SpanKind.INTERNAL, links?: Link[]): Span {
  return tracer().startSpan(name, { kind, links }, parent);
}

/** Runs `work` inside a child span of `parent` when that is a sampled span; otherwise just runs it. */
export async function withSpan<T>(name: string, parent: Span | undefined, work: () => Promise<T>, kind: SpanKind = SpanKind.INTERNAL): Promise<T> {
  if (!parent || !parent.isRecording()) return work();
  const span = tracer().startSpan(name, { kind }, trace.setSpan(ROOT_CONTEXT, parent));
  try {
    return await work();
  } catch (err) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
    throw err;
  } finally {
    span.end();
  }
}

export { SpanKind };
