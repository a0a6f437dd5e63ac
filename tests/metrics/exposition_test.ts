import assert from "node:assert/strict";
import {
  Counter,
  escapeLabelValue,
  formatValue,
  Gauge,
  Histogram,
  Registry,
} from "../../src/metrics/exposition.ts";

Deno.test("Registry.render() prints labelled counters, gauges and histograms in text format 0.0.4", () => {
  const registry = new Registry();
  const sent = registry.register(new Counter("app_sent_total", "Sent.", ["topic"]));
  sent.labels({ topic: "a" }).inc(3);
  sent.labels({ topic: "b" }).inc();
  sent.labels({ topic: "a" }).inc(2);
  registry.register(new Gauge("app_depth", "Depth.")).series.set(7);
  const latency = registry.register(new Histogram("app_seconds", "Latency.", [0.1, 1])).series;
  for (const v of [0.05, 0.1, 0.5, 3]) latency.observe(v);
  assert.equal(
    registry.render(),
    [
      "# HELP app_sent_total Sent.",
      "# TYPE app_sent_total counter",
      'app_sent_total{topic="a"} 5',
      'app_sent_total{topic="b"} 1',
      "# HELP app_depth Depth.",
      "# TYPE app_depth gauge",
      "app_depth 7",
      "# HELP app_seconds Latency.",
      "# TYPE app_seconds histogram",
      'app_seconds_bucket{le="0.1"} 2',
      'app_seconds_bucket{le="1"} 3',
      'app_seconds_bucket{le="+Inf"} 4',
      "app_seconds_sum 3.65",
      "app_seconds_count 4",
      "",
    ].join("\n"),
  );
});

Deno.test("Histogram puts the le label after the series' own labels", () => {
  const h = new Histogram("x_seconds", "X.", [1], ["topic"]);
  h.labels({ topic: "t" }).observe(2);
  assert.equal(
    h.render().split("\n").slice(2, 4).join("\n"),
    'x_seconds_bucket{topic="t",le="1"} 0\nx_seconds_bucket{topic="t",le="+Inf"} 1',
  );
});

Deno.test("a family without labels shows its series at zero before any update", () => {
  assert.equal(new Counter("idle_total", "Idle.").render().split("\n")[2], "idle_total 0");
});

Deno.test("Gauge.collect() and Counter.collect() read the value at every render", () => {
  let depth = 1;
  const gauge = new Gauge("g", "G.");
  gauge.series.collect(() => depth);
  const counter = new Counter("c_total", "C.");
  counter.series.collect(() => depth * 10);
  depth = 4;
  assert.equal(gauge.render().split("\n")[2], "g 4");
  assert.equal(counter.render().split("\n")[2], "c_total 40");
});

Deno.test("escapeLabelValue() escapes backslash, double quote and newline", () => {
  assert.equal(escapeLabelValue('a\\b"c\nd'), 'a\\\\b\\"c\\nd');
  const c = new Counter("q_total", "Line one\nline \\two", ["v"]);
  c.labels({ v: 'say "hi"' }).inc();
  assert.deepEqual(c.render().split("\n").slice(0, 3), [
    "# HELP q_total Line one\\nline \\\\two",
    "# TYPE q_total counter",
    'q_total{v="say \\"hi\\""} 1',
  ]);
});

Deno.test("formatValue() spells infinities and NaN as Prometheus does", () => {
  assert.deepEqual([Infinity, -Infinity, NaN, 0.25, 12].map(formatValue), [
    "+Inf",
    "-Inf",
    "NaN",
    "0.25",
    "12",
  ]);
});

Deno.test("metric families refuse invalid names, decreasing counters and unsorted buckets", () => {
  assert.throws(() => new Counter("bad-name_total", "x"), /invalid metric name "bad-name_total"/);
  assert.throws(() => new Counter("no_suffix", "x"), /must end in _total/);
  assert.throws(() => new Gauge("g", "x", ["le"]), /invalid label name "le"/);
  assert.throws(() => new Counter("c_total", "x").series.inc(-1), /only goes up, got -1/);
  assert.throws(() => new Histogram("h", "x", [1, 1]), /increasing order/);
  assert.throws(
    () => new Counter("l_total", "x", ["topic"]).labels({} as { topic: string }),
    /needs label "topic"/,
  );
  const registry = new Registry();
  registry.register(new Gauge("dup", "x"));
  assert.throws(() => registry.register(new Gauge("dup", "y")), /already registered/);
});
