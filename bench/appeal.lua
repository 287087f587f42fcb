-- wrk script: POST /ru/appeal as distinct people, with one antiforgery cookie/token pair and form stamp for the run.
-- PDP_COOKIE, PDP_TOKEN and PDP_STARTED come from bench/pages.py, which fetched the form once.
local counter = 0
local function encode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

-- LuaJIT's math.random starts from the same seed in every run: without the time, a second run against the same site
-- (a warm-up, a profile) would post the first run's addresses again and measure the known-address path instead.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", os.time() .. "-" .. threads)
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = os.getenv("PDP_COOKIE")
end

function request()
  counter = counter + 1
  local body = "Form.LastName=" .. encode("Нагрузочная") .. "&Form.FirstName=" .. encode("Әсел")
    .. "&Form.Email=" .. encode("load" .. id .. "-" .. counter .. "@example.kz")
    .. "&Form.Phone=" .. encode("8 701 234 56 78") .. "&Form.PreferredChannel=Email&Form.Topic=Question"
    .. "&Form.Message=" .. encode("Сақтандыру мәртебемді қалай тексеремін?")
    .. "&Form.ConsentToProcessing=true&Form.PolicyVersion=1"
    .. "&__RequestVerificationToken=" .. encode(os.getenv("PDP_TOKEN"))
    .. "&form-started=" .. encode(os.getenv("PDP_STARTED"))
  return wrk.format(nil, "/ru/appeal", nil, body)
end
