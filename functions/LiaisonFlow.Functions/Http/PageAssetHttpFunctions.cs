using LiaisonFlow.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace LiaisonFlow.Functions.Http;

/// <summary>The New LS and Plenary pages and their files. Routes mirror <see cref="ApiEndpoints"/>.</summary>
public sealed class PageAssetHttpFunctions(PagesApi pages)
{
    [Function(nameof(NewLiaisonPage))]
    public IResult NewLiaisonPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pages/new-liaison")] HttpRequest req) =>
        pages.GetPage(req.HttpContext, "new-liaison");

    [Function(nameof(PlenaryPage))]
    public IResult PlenaryPage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pages/plenary")] HttpRequest req) =>
        pages.GetPage(req.HttpContext, "plenary");

    [Function(nameof(PageAsset))]
    public IResult PageAsset(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assets/{file}")] HttpRequest req,
        string file) =>
        pages.GetAsset(req.HttpContext, file);
}
