import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RemoteMediaError } from "./remote-media";
import { fetchRemoteMedia, isAllowedMediaUrl } from "./remote-media";

const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4]);

describe("remote media", () => {
  let server: http.Server;
  let port: number;
  const options = () => ({ hosts: [`127.0.0.1:${port}`], maxBytes: 1024, timeoutMs: 10_000 });

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const url = req.url ?? "";
      if (url === "/photo.jpg") return res.writeHead(200, { "content-type": "image/jpeg" }).end(PHOTO);
      if (url === "/moved") return res.writeHead(302, { location: "/photo.jpg" }).end();
      if (url === "/elsewhere") return res.writeHead(302, { location: `http://localhost:${port}/photo.jpg` }).end();
      if (url === "/big") return res.writeHead(200, { "content-length": "5000" }).end(Buffer.alloc(5000));
      if (url === "/big-chunked") {
        res.writeHead(200);
        for (let i = 0; i < 10; i++) res.write(Buffer.alloc(200));
        return res.end();
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const failure = async (url: string) => {
    try {
      await fetchRemoteMedia(url, options());
    } catch (error) {
      return (error as RemoteMediaError).reason;
    }
    return "fetched";
  };

  it("fetches from an allowed host and follows a redirect that stays there", async () => {
    expect(await fetchRemoteMedia(`http://127.0.0.1:${port}/photo.jpg`, options())).toEqual(PHOTO);
    expect(await fetchRemoteMedia(`http://127.0.0.1:${port}/moved`, options())).toEqual(PHOTO);
  });

  it("refuses other hosts, redirects to them, other schemes and credentials in the URL", async () => {
    expect(await failure(`http://localhost:${port}/photo.jpg`)).toBe("host_not_allowed");
    expect(await failure(`http://127.0.0.1:${port}/elsewhere`)).toBe("redirect_elsewhere");
    expect(await failure(`file:///etc/passwd`)).toBe("host_not_allowed");
    expect(await failure("not a url")).toBe("invalid_url");
    expect(isAllowedMediaUrl(new URL("http://user:pw@photos.example.org/a.jpg"), ["photos.example.org"])).toBe(false);
    expect(isAllowedMediaUrl(new URL("https://photos.example.org:8443/a.jpg"), ["photos.example.org"])).toBe(true);
    expect(isAllowedMediaUrl(new URL("https://photos.example.org:8443/a.jpg"), ["photos.example.org:443"])).toBe(false);
  });

  it("stops at the size cap, declared or streamed, and reports a missing file", async () => {
    expect(await failure(`http://127.0.0.1:${port}/big`)).toBe("too_large");
    expect(await failure(`http://127.0.0.1:${port}/big-chunked`)).toBe("too_large");
    expect(await failure(`http://127.0.0.1:${port}/nothing`)).toBe("not_found");
  });
});
