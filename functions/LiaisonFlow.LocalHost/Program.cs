using Grpc.Net.Client;
using LiaisonFlow.Api;
using LiaisonFlow.Hosting;
using LiaisonFlow.LocalHost;
using LiaisonFlow.Workflow;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;

// The local development host: the same HTTP API and orchestrations as the Functions app, without
// the Functions Core Tools. Two hosts in one process — the Durable Task sidecar, then the app (API +
// worker) — stopped in the reverse order, so the worker lets go of its work before the engine stops.

var configuration = new ConfigurationBuilder()
    .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
    .AddLocalSettings(Environment.GetEnvironmentVariable("LIAISONFLOW_SETTINGS"))
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();

var sidecarPort = configuration.GetValue("LocalHost:SidecarPort", 4001);
using var stopping = new CancellationTokenSource();
var sidecar = await DurableSidecar.StartAsync(configuration, sidecarPort, stopping.Token);
using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{sidecarPort}");

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddConfiguration(configuration);
builder.WebHost.UseUrls(configuration["LocalHost:Urls"] ?? "http://127.0.0.1:7071");
// A request the server refuses while the app reads it (over the body limit, cut short) is answered with
// its own status (413, 400) as problem+json, like the handlers' answers; not a 500.
builder.Services.AddProblemDetails(problems => problems.CustomizeProblemDetails = Problems.DescribeRejectedRequest);
builder.Services.AddExceptionHandler(handler =>
{
    handler.StatusCodeSelector = e => e is BadHttpRequestException rejected ? rejected.StatusCode : StatusCodes.Status500InternalServerError;
    handler.SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException;
});
builder.Services.AddLiaisonFlow(builder.Configuration);
// Kestrel's body limit (and the multipart one) from LiaisonFlow:MaxDocumentBytes, not Kestrel's 30,000,000
// bytes: a TD under the documented limit gets through, one over it gets the app's 413.
builder.Services.AddRequestLimits();
builder.Services.AddDurableTaskWorker(worker =>
{
    worker.UseGrpc(channel);
    worker.AddTasks(tasks =>
    {
        tasks.AddLiaisonWorkflow();
        // The life-cycle benchmark's bare-engine baseline (tests/LiaisonFlow.LifeCycleBenchmark), only when asked for.
        if (configuration.GetValue("LocalHost:EngineBaseline", false))
        {
            tasks.AddOrchestrator(BaselineLifeCycle.Name, () => new BaselineLifeCycle());
            tasks.AddActivity(BaselineStep.Name, _ => new BaselineStep());
        }
    });
});
builder.Services.AddDurableTaskClient(client => client.UseGrpc(channel));
// Restarts the workflow of LSs a crash left pending (the Functions app runs the same sweep on a timer).
builder.Services.AddHostedService<RecoveryService>();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapGet("/", () => Results.Json(new
{
    service = "LiaisonFlow local host",
    api = "/api/liaisons",
    settings = configuration["LocalHost:SettingsFile"],
}));
app.MapGet("/api/health", () => Results.Json(new { status = "ok" }));
// The page lives under /api in both hosts (Functions' route prefix); keep the short address locally.
app.MapGet("/dashboard", (HttpContext h) => Results.Redirect("/api/dashboard" + h.Request.QueryString));
app.MapGet("/new", (HttpContext h) => Results.Redirect("/api/pages/new-liaison" + h.Request.QueryString));
app.MapGet("/plenary", (HttpContext h) => Results.Redirect("/api/pages/plenary" + h.Request.QueryString));
app.MapLiaisonFlowApi();

try
{
    await app.RunAsync();
}
finally
{
    await sidecar.StopAsync();
    await sidecar.DisposeAsync();
}
