-- wrk script for scripts/loadtest: POSTs a one-commune CSV, each request a different file
-- (a counter in the notes column), so every upload is validated and stored as a new revision.
local key = os.getenv("DTI_KEY")
local header = os.getenv("DTI_HEADER") .. ",notes\n"
local row = os.getenv("DTI_ROW")
local threads = {}
local counter = 0

function setup(thread)
    table.insert(threads, thread)
    thread:set("id", #threads)
end

function init(args)
    statuses = {}
end

function request()
    counter = counter + 1
    local body = header .. row .. ",load " .. id .. "-" .. counter .. "\n"
    return wrk.format("POST", nil, { ["Authorization"] = "Bearer " .. key, ["Content-Type"] = "text/csv" }, body)
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
    local totals = {}
    for _, thread in ipairs(threads) do
        for status, count in pairs(thread:get("statuses")) do
            totals[status] = (totals[status] or 0) + count
        end
    end
    local parts = {}
    for status, count in pairs(totals) do table.insert(parts, status .. ": " .. count) end
    table.sort(parts)
    io.write(string.format("statuses\t%s\n", table.concat(parts, ", ")))
    io.write(string.format("uploads/s\t%.0f\n", summary.requests / (summary.duration / 1e6)))
    for _, p in ipairs({ 50, 90, 99 }) do
        io.write(string.format("p%d ms\t%.1f\n", p, latency:percentile(p) / 1000))
    end
end
