using LiaisonFlow.Api;
using LiaisonFlow.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The Functions app: thin triggers over the shared handlers and workflow steps.
// ASP.NET Core integration, so the shared handlers get a real HttpContext and their IResults run as-is.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddLiaisonFlow(builder.Configuration);
// The worker's own Kestrel would otherwise refuse TDs over 30 MB before the app's 50 MiB limit is reached.
builder.Services.AddRequestLimits();
builder.Build().Run();
