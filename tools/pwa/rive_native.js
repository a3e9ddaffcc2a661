// Stand-in for Rive's web runtime, which Flet's web client asks a CDN for at
// start-up even though this app shows no Rive animation. Served from our own
// site so nothing is requested elsewhere; it never finishes loading, which is
// what the client already does when the CDN is unreachable.
self.RiveNative = function () {
    return new Promise(function () {});
};
