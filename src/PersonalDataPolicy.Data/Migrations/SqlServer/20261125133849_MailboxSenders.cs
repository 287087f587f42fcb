using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PersonalDataPolicy.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class MailboxSenders : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SenderIndex",
                table: "InboundMail",
                type: "varchar(72)",
                unicode: false,
                maxLength: 72,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_InboundMail_SenderIndex_HandledAt",
                table: "InboundMail",
                columns: new[] { "SenderIndex", "HandledAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_InboundMail_SenderIndex_HandledAt",
                table: "InboundMail");

            migrationBuilder.DropColumn(
                name: "SenderIndex",
                table: "InboundMail");
        }
    }
}
