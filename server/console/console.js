// graphql-server's console: GraphiQL against this server's /v1/graphql.
// Headers (Authorization, x-hasura-admin-secret, x-hasura-role) go in
// GraphiQL's headers editor. ?query=... opens with that query.
(function () {
  var params = new URLSearchParams(window.location.search);
  var fetcher = GraphiQL.createFetcher({ url: new URL('../v1/graphql', window.location.href).href });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: params.get('query') || '# graphql-server\n{\n  __typename\n}\n',
    headersEditorEnabled: true,
    shouldPersistHeaders: true,
  }));
})();
