# Turns the samples of scripts/bench (one JSON object a line, slurped) into
# its results: per metric the best round of each peer, the ratios of onebox
# to each peer, and the issue's targets (issue 6) with whether they hold.
# "Best" is the highest throughput and the lowest latency, time or memory:
# noise from other processes on the machine only ever makes a figure worse.
# Error counts are summed over the rounds: one error in any round counts.

def targets: {
  "static-1k-h1": {text: ">=0.5x nginx, >=1.0x caddy (stretch 1.0x nginx)",
                   hard: [{peer: "nginx", ratio: 0.5}, {peer: "caddy", ratio: 1.0}],
                   stretch: [{peer: "nginx", ratio: 1.0}]},
  "handshakes": {text: ">=0.5x nginx (stretch 0.8x)",
                 hard: [{peer: "nginx", ratio: 0.5}], stretch: [{peer: "nginx", ratio: 0.8}]},
  "point-read": {text: ">=0.4x pgbench (stretch 0.5x)",
                 hard: [{peer: "pgbench", ratio: 0.4}], stretch: [{peer: "pgbench", ratio: 0.5}]},
  "conn1000-p99": {text: "<250 ms (stretch 100 ms)", hard: [{below: 250}], stretch: [{below: 100}]},
  "conn1000-errors": {text: "0 errors", hard: [{atmost: 0}], stretch: [{atmost: 0}]},
  "load-list-p95": {text: "<200 ms (k6 load.js threshold)", hard: [{below: 200}], stretch: [{below: 200}]},
  "start-ready": {text: "<2000 ms (stretch 1000 ms)", hard: [{below: 2000}], stretch: [{below: 1000}]},
  "peak-rss": {text: "<384 MiB (stretch 256 MiB)", hard: [{below: 384}], stretch: [{below: 256}]}
};

def best($better): if $better == "higher" then max elif $better == "sum" then add else min end;

def holds($row; $conditions):
  [ $conditions[] as $c
    | if $c.peer then
        ($row.ratios[$c.peer]) as $r | if $r == null then null else $r >= $c.ratio end
      else
        ($row.values.onebox) as $v
        | if $v == null then null
          elif $c.below != null then $v < $c.below
          else $v <= $c.atmost end
      end ]
  | if length == 0 then null
    elif any(. == null) then null
    else all end;

def round2: . * 100 | round / 100;

. as $samples
| ($samples | to_entries | group_by(.value.metric)
   | map({metric: .[0].value.metric, first: (map(.key) | min), samples: map(.value)})
   | sort_by(.first)) as $groups
| [ $groups[] as $g
    | ($g.samples[0]) as $head
    | ($g.samples | group_by(.peer) | map({key: .[0].peer, value: (map(.value) | best($head.better))}) | from_entries) as $values
    | {metric: $g.metric, "label": $head.label, unit: $head.unit, better: $head.better,
       values: $values,
       samples: ($g.samples | group_by(.peer) | map({key: .[0].peer, value: map({round, value} + (.extra // {}))}) | from_entries)}
    | .ratios = (if .values.onebox == null or .better == "sum" then {} else
        (.values.onebox) as $own
        | .values | to_entries | map(select(.key != "onebox" and .value != null and .value != 0))
        | map({key, value: ($own / .value | round2)}) | from_entries end)
    | (targets[.metric]) as $t
    | if $t == null then . else
        . + {target: $t.text, hard: holds(.; $t.hard), stretch: holds(.; $t.stretch)} end ]
