# The results of scripts/bench as tab-separated lines of its table.
def fmt: if . == null then "-"
         elif type == "number" then (if . >= 100 then round | tostring else (. * 100 | round / 100 | tostring) end)
         else tostring end;
def yes: if . == null then "n/a" elif . then "yes" else "NO" end;

(["measurement", "unit", "onebox", "nginx", "caddy", "pgbench", "x nginx", "x caddy", "x pgbench", "target", "holds"] | @tsv),
(.rows[]
 | [.label, .unit, (.values.onebox | fmt), (.values.nginx | fmt), (.values.caddy | fmt), (.values.pgbench | fmt),
    (.ratios.nginx | fmt), (.ratios.caddy | fmt), (.ratios.pgbench | fmt),
    (.target // ""),
    (if .target then "hard " + (.hard | yes) + ", stretch " + (.stretch | yes) else "" end)]
 | @tsv)
