using LiaisonFlow.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace LiaisonFlow.Functions.Http;

/// <summary>An LS's documents: upload and download. Routes mirror <see cref="ApiEndpoints"/>.</summary>
public sealed class DocumentHttpFunctions(LiaisonApi api)
{
    [Function(nameof(PutDocument))]
    public Task<IResult> PutDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "liaisons/{id}/documents/{fileName}")] HttpRequest req,
        string id,
        string fileName) =>
        api.PutDocumentAsync(req.HttpContext, id, fileName);

    [Function(nameof(GetDocument))]
    public Task<IResult> GetDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "liaisons/{id}/documents/{fileName}")] HttpRequest req,
        string id,
        string fileName) =>
        api.GetDocumentAsync(req.HttpContext, id, fileName);
}
