-- GET /api/products/{name} over random names of the loaded rows (k6/smoke.js, load.js reads).
request = function()
  return wrk.format("GET", "/api/products/" .. random_name())
end
