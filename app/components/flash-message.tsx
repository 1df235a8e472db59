import { useTranslation } from "react-i18next";

export function FlashMessage({ flash }: { flash: { key: string; kind: "success" | "info" | "error"; params?: Record<string, string | number> } }) {
  const { t } = useTranslation();
  const styles = {
    success: "border-success bg-success-light text-success",
    info: "border-primary bg-primary-light text-primary-dark",
    error: "border-danger bg-danger-light text-danger",
  }[flash.kind];
  return (
    <div role="status" className={`mb-6 rounded-md border-l-4 px-4 py-3 font-semibold ${styles}`}>
      {t(flash.key, flash.params)}
    </div>
  );
}
