export default function Home() {
  return <p id="home">ok</p>;
}
