using LiaisonFlow.Hosting;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

// The Functions app: thin triggers over the shared handlers and workflow steps.
// ASP.NET Core integration, so the shared handlers get a real HttpContext and their IResults run as-is.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddLiaisonFlow(builder.Configuration);
builder.Build().Run();
